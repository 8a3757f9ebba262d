using CoP.Shared.Projects;
using CoP.Shared.Projects.Catalog;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Projects.Catalog.CatalogTestFlows;
using static CoP.Tests.Projects.ProjectTestData;

namespace CoP.Tests.Projects.Catalog;

/// <summary>
/// The in-memory map: built once while nothing changes, rebuilt after any write (an approval, an edit, a rejection), after
/// its maximum age, and never left behind by writes that land while it is being built.
/// </summary>
public sealed class ProjectMapSnapshotTests(StorageFixture storage)
{
    [Fact]
    public async Task TheMapIsBuiltOnceWhileNothingChanges()
    {
        await using var app = TestApp.Create(storage);
        await StoreAsync(app, At("One", 1, 1));
        var snapshot = app.Get<ProjectMapSnapshot>();

        var first = await snapshot.CurrentAsync(Ct);
        var second = await snapshot.CurrentAsync(Ct);

        Assert.Same(first, second);
        Assert.Single(first.Entries);
    }

    [Fact]
    public async Task AnApprovalAnEditAndARejectionShowOnTheNextRead()
    {
        await using var app = TestApp.Create(storage);
        var store = app.Get<ProjectStore>();
        var catalog = app.Get<ProjectCatalog>();
        var added = await store.AddAsync(At("Waiting", 1, 1, change: p => p with { Review = ProjectReview.Pending }), Ct);
        Assert.Empty((await catalog.ListAsync(ProjectQuery.All, "en", Ct)).Items);

        var approved = await store.TryReplaceAsync(added.Project with { Review = ProjectReview.Approved }, added.Version, Ct);
        Assert.Equal(["Waiting"], await TitlesAsync(catalog));

        var edited = await store.TryReplaceAsync(
            added.Project with { Review = ProjectReview.Approved, Texts = new Dictionary<string, ProjectText> { ["en"] = new("Renamed", null) } }, approved!, Ct);
        Assert.Equal(["Renamed"], await TitlesAsync(catalog));

        await store.TryReplaceAsync(added.Project with { Review = ProjectReview.Rejected }, edited!, Ct);
        Assert.Empty(await TitlesAsync(catalog));
    }

    [Fact]
    public async Task AMapOlderThanItsMaximumAgeIsRebuiltEvenWithoutAChange()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = TestApp.Create(storage, time: time);
        await StoreAsync(app, At("One", 1, 1));
        var snapshot = app.Get<ProjectMapSnapshot>();
        var first = await snapshot.CurrentAsync(Ct);

        time.Advance(ProjectMapSnapshot.MaxAge - TimeSpan.FromSeconds(1));
        Assert.Same(first, await snapshot.CurrentAsync(Ct));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotSame(first, await snapshot.CurrentAsync(Ct));
    }

    [Fact]
    public async Task WritesThatLandWhileTheMapIsReadAreAllOnItOnceTheyHaveLanded()
    {
        await using var app = TestApp.Create(storage);
        var store = app.Get<ProjectStore>();
        var snapshot = app.Get<ProjectMapSnapshot>();
        var projects = Enumerable.Range(1, 24).Select(i => At($"Project {i}", i, i, minute: i)).ToList();
        using var writing = new CancellationTokenSource();

        // Readers rebuild the map over and over while the writers add projects.
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(
            async () =>
            {
                var reads = 0;
                while (!writing.IsCancellationRequested)
                {
                    await snapshot.CurrentAsync(Ct);
                    reads++;
                }

                return reads;
            },
            Ct)).ToList();
        await Parallel.ForEachAsync(projects, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = Ct }, async (p, ct) => await store.AddAsync(p, ct));
        await writing.CancelAsync();
        var reads = await Task.WhenAll(readers);

        var map = await snapshot.CurrentAsync(Ct);
        Assert.All(reads, count => Assert.True(count > 0));
        Assert.Equal(projects.Select(p => p.ProjectId).Order(StringComparer.Ordinal), map.Entries.Select(e => e.Project.ProjectId).Order(StringComparer.Ordinal));
        Assert.Equal(await store.ChangeMarkerAsync(Ct), map.Marker);
    }

    [Fact]
    public async Task ManyFirstReadersAtOnceShareOneBuild()
    {
        await using var app = TestApp.Create(storage);
        await StoreAsync(app, At("One", 1, 1));
        var snapshot = app.Get<ProjectMapSnapshot>();

        var maps = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => snapshot.CurrentAsync(Ct), Ct)));

        Assert.All(maps, map => Assert.Same(maps[0], map));
        Assert.Single(app.Logs.Entries, e => e.Message.StartsWith("Project map rebuilt", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> TitlesAsync(ProjectCatalog catalog) =>
        [.. (await catalog.ListAsync(ProjectQuery.All, "en", Ct)).Items.Select(p => p.Title)];
}
