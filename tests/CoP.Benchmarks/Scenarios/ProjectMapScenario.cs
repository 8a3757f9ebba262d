using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using CoP.Functions.Projects.Catalog;
using CoP.Shared.Events;
using CoP.Shared.Projects;
using CoP.Shared.Storage;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// The projects map's GeoJSON through the GetProjectsGeoJson function class, over <c>--projects</c> approved projects
/// (5,000 in a full run) written straight to the table: the answer time right after a project changed (the marker
/// moved, so the instance reads every project again and writes the map anew), against the same run's raw read of the
/// whole partition with the SDK; and requests per second while nothing changes (one point read of the marker, then the
/// cached bytes; or a 304 for a client that sends the ETag back), against the run's raw point reads.
/// </summary>
internal sealed class ProjectMapScenario(BenchmarkOptions options, TestStorageAccount storage)
{
    private const int UncachedRuns = 7;

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        await using var provider = BenchmarkApp.Build(storage, prefix, Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix));
        try
        {
            var edited = await SeedAsync(provider, cancellationToken);
            await MeasureRawReadAsync(report, provider, cancellationToken);
            var bytes = await MeasureUncachedAsync(report, provider, edited, cancellationToken);
            await MeasureCachedAsync(report, provider, bytes, cancellationToken);
        }
        finally
        {
            await storage.DeleteResourcesAsync(prefix, cancellationToken);
        }
    }

    /// <summary>Writes the projects in 100-row transactions, then one through the store (which moves the marker); that one is returned for the edits.</summary>
    private async Task<Project> SeedAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var store = provider.GetRequiredService<ProjectStore>();
        await store.ChangeMarkerAsync(cancellationToken);
        var table = new TableServiceClient(storage.ConnectionString).GetTableClient(provider.GetRequiredService<StorageNames>().Projects);
        var batches = Enumerable.Range(1, options.ProjectCount - 1).Chunk(100)
            .Select(chunk => chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ProjectEntity.From(NewProject(i)))).ToList());
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
        var last = NewProject(0);
        await store.AddAsync(last, cancellationToken);
        return last;
    }

    private async Task MeasureRawReadAsync(BenchmarkReport report, IServiceProvider provider, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(storage.ConnectionString).GetTableClient(provider.GetRequiredService<StorageNames>().Projects);
        var timings = new List<double>();
        for (var run = 0; run < UncachedRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            var rows = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == ProjectEntity.Partition, cancellationToken: cancellationToken))
            {
                rows++;
            }

            timings.Add(clock.Elapsed.TotalMilliseconds);
            if (rows != options.ProjectCount)
            {
                throw new InvalidOperationException($"The raw read found {rows} rows, not {options.ProjectCount}.");
            }
        }

        report.Figure("projects.rawPartitionRead", Measure.Percentile(timings, 0.5), "ms", $"median of {UncachedRuns}: every project row read with the SDK, {options.ProjectCount} rows");
    }

    /// <summary>The uncached answer time; the body's length in bytes.</summary>
    private async Task<int> MeasureUncachedAsync(BenchmarkReport report, IServiceProvider provider, Project edited, CancellationToken cancellationToken)
    {
        var store = provider.GetRequiredService<ProjectStore>();
        var function = ActivatorUtilities.CreateInstance<GetProjectsGeoJsonFunction>(provider);
        var timings = new List<double>();
        var bytes = 0;
        for (var run = 0; run < UncachedRuns + 1; run++)
        {
            // An owner's edit moves the marker (not timed); the next answer reads every project again.
            var stored = await store.GetAsync(edited.ProjectId, cancellationToken) ?? throw new InvalidOperationException("The edited project is gone.");
            await store.TryReplaceAsync(stored.Project with { UpdatedAt = DateTimeOffset.UtcNow }, stored.Version, cancellationToken);
            var clock = Stopwatch.StartNew();
            bytes = await GetAsync(provider, function, cancellationToken);
            if (run > 0)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        report.Figure("projects.geojson.uncached", Measure.Percentile(timings, 0.5), "ms", $"median of {UncachedRuns} after an edit (the first run was the warm-up), p95={Measure.Percentile(timings, 0.95):0}ms, {options.ProjectCount} projects, {bytes / 1024} KiB");
        report.Ratio("projects.geojson.uncached.vsRawPartitionRead", "projects.geojson.uncached", "projects.rawPartitionRead");
        return bytes;
    }

    private async Task MeasureCachedAsync(BenchmarkReport report, IServiceProvider provider, int bytes, CancellationToken cancellationToken)
    {
        var function = ActivatorUtilities.CreateInstance<GetProjectsGeoJsonFunction>(provider);

        // The body was checked whole above; here its length is enough, so the figure is the app's and not the check's.
        async Task CachedAsync()
        {
            var request = TestRequests.Empty(provider, "GET", "/api/projects/map.geojson");
            await (await function.GetProjectsGeoJson(request, cancellationToken)).ExecuteAsync(request.HttpContext);
            if (request.HttpContext.Response.StatusCode != 200 || request.HttpContext.Response.Body.Length != bytes)
            {
                throw new InvalidOperationException($"GetProjectsGeoJson answered {request.HttpContext.Response.StatusCode} with {request.HttpContext.Response.Body.Length} bytes, not {bytes}.");
            }
        }

        await Measure.ConcurrentlyAsync(200, options.Concurrency, _ => CachedAsync(), cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var result = await Measure.ConcurrentlyAsync(options.EntityCount, options.Concurrency, _ => CachedAsync(), cancellationToken);
        report.Figure("projects.geojson.cached", result.PerSecond, "requests/s", result.Detail(options.Concurrency) + $", {options.ProjectCount} projects");
        report.Figure("projects.geojson.cached.p50", result.P50Milliseconds, "ms");
        report.Ratio("projects.geojson.cached.vsRawPointRead", "projects.geojson.cached", "baseline.table.pointRead");

        // A map page that holds the map already sends its ETag back: one point read of the marker and a 304.
        var etag = await EtagAsync(provider, function, cancellationToken);
        var notModified = await Measure.ConcurrentlyAsync(options.EntityCount, options.Concurrency, _ => NotModifiedAsync(provider, function, etag, cancellationToken), cancellationToken);
        report.Figure("projects.geojson.notModified", notModified.PerSecond, "requests/s", notModified.Detail(options.Concurrency) + ", If-None-Match: 304");
        report.Ratio("projects.geojson.notModified.vsRawPointRead", "projects.geojson.notModified", "baseline.table.pointRead");
    }

    private static async Task<string> EtagAsync(IServiceProvider provider, GetProjectsGeoJsonFunction function, CancellationToken cancellationToken)
    {
        var request = TestRequests.Empty(provider, "GET", "/api/projects/map.geojson");
        await (await function.GetProjectsGeoJson(request, cancellationToken)).ExecuteAsync(request.HttpContext);
        return request.HttpContext.Response.Headers.ETag.ToString();
    }

    private static async Task NotModifiedAsync(IServiceProvider provider, GetProjectsGeoJsonFunction function, string etag, CancellationToken cancellationToken)
    {
        var request = TestRequests.Empty(provider, "GET", "/api/projects/map.geojson");
        request.Headers.IfNoneMatch = etag;
        await (await function.GetProjectsGeoJson(request, cancellationToken)).ExecuteAsync(request.HttpContext);
        if (request.HttpContext.Response.StatusCode != 304)
        {
            throw new InvalidOperationException($"GetProjectsGeoJson answered {request.HttpContext.Response.StatusCode} to its own ETag, not 304.");
        }
    }

    /// <summary>One GET of the whole map; the body's length in bytes, after checking it holds every project.</summary>
    private async Task<int> GetAsync(IServiceProvider provider, GetProjectsGeoJsonFunction function, CancellationToken cancellationToken)
    {
        var request = TestRequests.Empty(provider, "GET", "/api/projects/map.geojson");
        var response = await TestResponse.ExecuteAsync(await function.GetProjectsGeoJson(request, cancellationToken), request);
        var features = response.Body.Split("\"Feature\"").Length - 1;
        return response.Status == 200 && features == options.ProjectCount
            ? System.Text.Encoding.UTF8.GetByteCount(response.Body)
            : throw new InvalidOperationException($"GetProjectsGeoJson answered {response.Status} with {features} features, not {options.ProjectCount}.");
    }

    /// <summary>An approved project somewhere on land-ish latitudes, with texts of a usual size.</summary>
    private static Project NewProject(int i)
    {
        var random = new Random(i);
        var created = DateTimeOffset.UtcNow.AddDays(-i);
        return new Project(
            ProjectStore.NewProjectId(),
            new Dictionary<string, ProjectText>
            {
                ["en"] = new(string.Create(CultureInfo.InvariantCulture, $"Soil carbon project {i}"), "Cover crops and compost on smallholder farms, with yearly soil sampling and a farmer field school."),
                ["fr"] = new(string.Create(CultureInfo.InvariantCulture, $"Projet carbone du sol {i}"), null),
            },
            ["soil-health", "cover-crops"],
            ProjectStatus.Implementation,
            null,
            new DateOnly(2025, 1, 1),
            new DateOnly(2029, 12, 31),
            new DateOnly(2025, 3, 1),
            null,
            ["KE"],
            "A county",
            new ProjectLocation(new GeoPoint((random.NextDouble() * 120) - 60, (random.NextDouble() * 360) - 180), LocationExactness.Approximate, ProjectCoordinates.DefaultPrecision),
            null,
            100 + i,
            LandUse.Cropland,
            [Practice.CoverCrops, Practice.CompostAndManure],
            new ProjectCarbon(CarbonStandard.Vcs, "VM0042", null, null, 500),
            [new ProjectOrganisation("Implementing partner", OrganisationRole.Implementing, null)],
            new RioMarkers(MarkerSignificance.Principal, MarkerSignificance.Significant, MarkerSignificance.NotTargeted),
            [],
            "member-" + i.ToString(CultureInfo.InvariantCulture),
            ProjectReview.Approved,
            null,
            created,
            created,
            false,
            created,
            created,
            created);
    }
}
