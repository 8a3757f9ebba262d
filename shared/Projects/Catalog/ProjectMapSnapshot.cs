using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Projects.Catalog;

/// <summary>An approved project in the snapshot, with the folded text its word search runs on.</summary>
public sealed record ProjectCatalogEntry(Project Project, string SearchText);

/// <summary>A cached answer body with its ETag (a hash of the bytes, quoted).</summary>
public sealed record ProjectDocument(ReadOnlyMemory<byte> Body, string ETag);

/// <summary>
/// One build of the public map: every approved project, newest first, as the store's change marker <see
/// cref="Marker"/> saw it, and the unfiltered GeoJSON per language, written once on first use.
/// </summary>
public sealed class ProjectMap
{
    private readonly FrozenDictionary<string, ProjectCatalogEntry> _byId;
    private readonly ConcurrentDictionary<string, Lazy<ProjectDocument>> _geoJson = new(StringComparer.Ordinal);

    internal ProjectMap(string marker, DateTimeOffset builtAt, IEnumerable<Project> projects)
    {
        Marker = marker;
        BuiltAt = builtAt;
        Entries = [.. projects
            .Where(p => p.IsPublic)
            .OrderByDescending(p => p.CreatedAt.UtcTicks)
            .ThenByDescending(p => p.ProjectId, StringComparer.Ordinal)
            .Select(p => new ProjectCatalogEntry(p, ProjectSearch.TextOf(p)))];
        _byId = Entries.ToFrozenDictionary(e => e.Project.ProjectId, StringComparer.Ordinal);
    }

    public string Marker { get; }

    public DateTimeOffset BuiltAt { get; }

    /// <summary>The approved projects in the list's order: newest first (by creation, then id).</summary>
    public IReadOnlyList<ProjectCatalogEntry> Entries { get; }

    public ProjectCatalogEntry? Find(string projectId) => _byId.GetValueOrDefault(projectId);

    /// <summary>The unfiltered GeoJSON in <paramref name="language"/>, written by <paramref name="write"/> the first time only.</summary>
    internal ProjectDocument GeoJson(string language, Func<ProjectDocument> write) =>
        _geoJson.GetOrAdd(language, _ => new Lazy<ProjectDocument>(write)).Value;
}

/// <summary>
/// The public map held in memory per instance: every approved project, read once and kept until the store's change
/// marker moves (any write does) or <see cref="MaxAge"/> passes. Each call reads the marker (one point read); a rebuild
/// reads the marker again before it lists the projects, so a write that lands while it lists moves the marker past
/// the one the build is labelled with and the next call rebuilds. One rebuild at a time; callers meanwhile wait for it.
/// </summary>
public sealed partial class ProjectMapSnapshot(ProjectStore store, TimeProvider time, ILogger<ProjectMapSnapshot> logger) : IDisposable
{
    /// <summary>How long a build is trusted even when the marker did not move (a safety net, not the usual refresh).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile ProjectMap? _current;

    /// <summary>The current map, rebuilt first when the store changed since it was built, or it is older than <see cref="MaxAge"/>.</summary>
    public async Task<ProjectMap> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (Fresh(await store.ChangeMarkerAsync(cancellationToken)) is { } map)
        {
            return map;
        }

        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            // Read again inside: another caller may have rebuilt meanwhile, and the marker must be read before the list.
            var marker = await store.ChangeMarkerAsync(cancellationToken);
            if (Fresh(marker) is { } built)
            {
                return built;
            }

            var started = Stopwatch.GetTimestamp();
            var rebuilt = new ProjectMap(marker, time.GetUtcNow(), await store.ListAllAsync(cancellationToken));
            _current = rebuilt;
            var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogRebuilt(logger, rebuilt.Entries.Count, elapsedMs);
            return rebuilt;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    public void Dispose() => _rebuild.Dispose();

    private ProjectMap? Fresh(string marker) =>
        _current is { } map && string.Equals(map.Marker, marker, StringComparison.Ordinal) && time.GetUtcNow() - map.BuiltAt < MaxAge ? map : null;

    [LoggerMessage(EventId = 12040, Level = LogLevel.Information, Message = "Project map rebuilt: {Projects} approved project(s) in {ElapsedMs} ms")]
    private static partial void LogRebuilt(ILogger logger, int projects, long elapsedMs);
}
