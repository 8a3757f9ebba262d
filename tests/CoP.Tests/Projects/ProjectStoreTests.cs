using CoP.Shared.Events;
using CoP.Shared.Projects;
using static CoP.Tests.Projects.ProjectTestData;

namespace CoP.Tests.Projects;

/// <summary>The project store on Azurite: rows read back as written, versions guard replacements, the change marker moves on every write.</summary>
public sealed class ProjectStoreTests(StorageFixture storage)
{
    [Fact]
    public async Task AProjectReadsBackAsWrittenWithEveryField()
    {
        await using var app = TestApp.Create(storage);
        var store = app.Get<ProjectStore>();
        var project = NewProject(change: p => p with
        {
            Boundary = new ProjectBoundary("b/1.geojson", 34.7, -0.2, 34.9, 0.1, 118.2),
            Practices = [Practice.ReducedTillage, Practice.GrazingManagement],
            LandUse = null,
        });

        await store.AddAsync(project, Ct);
        var stored = await store.GetAsync(project.ProjectId, Ct);

        Assert.NotNull(stored);
        var read = stored.Project;
        Assert.Equal(project.Texts["en"], read.Texts["en"]);
        Assert.Equal(project.Texts["fr"], read.Texts["fr"]);
        Assert.Equal(project.Location, read.Location);
        Assert.Equal(project.Boundary, read.Boundary);
        Assert.Equal(project.Carbon, read.Carbon);
        Assert.Equal(project.RioMarkers, read.RioMarkers);
        Assert.Equal(project.Organisations, read.Organisations);
        Assert.Equal(project.Practices, read.Practices);
        Assert.Equal(project.Countries, read.Countries);
        Assert.Equal(project.PlannedEnd, read.PlannedEnd);
        Assert.Null(read.ActualEnd);
        Assert.Null(read.LandUse);
        Assert.Equal(project with { Texts = read.Texts, Topics = read.Topics, Countries = read.Countries, Practices = read.Practices, Organisations = read.Organisations, DocumentIds = read.DocumentIds }, read);
    }

    [Fact]
    public async Task EnumsAreStoredByTheirWireNames()
    {
        await using var app = TestApp.Create(storage);
        var project = NewProject();
        await app.Get<ProjectStore>().AddAsync(project, Ct);

        var row = (await app.Table("Projects").GetEntityAsync<Azure.Data.Tables.TableEntity>(ProjectEntity.Partition, project.ProjectId, cancellationToken: Ct)).Value;

        Assert.Equal("implementation", row.GetString("Status"));
        Assert.Equal("approved", row.GetString("Review"));
        Assert.Equal("[\"biochar\",\"compost-and-manure\"]", row.GetString("Practices"));
        Assert.Contains("\"standard\":\"vcs\"", row.GetString("Carbon"), StringComparison.Ordinal);
        Assert.Contains("\"role\":\"implementing\"", row.GetString("Organisations"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplacementNeedsTheCurrentVersionAndEveryWriteMovesTheMarker()
    {
        await using var app = TestApp.Create(storage);
        var store = app.Get<ProjectStore>();
        Assert.Equal("", await store.ChangeMarkerAsync(Ct));

        var added = await store.AddAsync(NewProject(), Ct);
        var afterAdd = await store.ChangeMarkerAsync(Ct);
        var version = await store.TryReplaceAsync(added.Project with { AreaHectares = 99 }, added.Version, Ct);
        var afterReplace = await store.ChangeMarkerAsync(Ct);
        var stale = await store.TryReplaceAsync(added.Project with { AreaHectares = 1 }, added.Version, Ct);

        Assert.NotEqual("", afterAdd);
        Assert.NotNull(version);
        Assert.NotEqual(afterAdd, afterReplace);
        Assert.Null(stale);
        Assert.Equal(afterReplace, await store.ChangeMarkerAsync(Ct));
        Assert.Equal(99, (await store.GetAsync(added.Project.ProjectId, Ct))!.Project.AreaHectares);
    }

    [Fact]
    public async Task ListsFilterByReviewAndContactAndLeaveTheMarkerOut()
    {
        await using var app = TestApp.Create(storage);
        var store = app.Get<ProjectStore>();
        var approved = NewProject("m-a");
        var pending = NewProject("m-b", p => p with { Review = ProjectReview.Pending, ApprovedAt = null });
        await store.AddAsync(approved, Ct);
        await store.AddAsync(pending, Ct);

        Assert.Equal(2, (await store.ListAllAsync(Ct)).Count);
        Assert.Equal(pending.ProjectId, Assert.Single(await store.ListByReviewAsync(ProjectReview.Pending, Ct)).ProjectId);
        Assert.Equal(approved.ProjectId, Assert.Single(await store.ListByContactAsync("m-a", Ct)).ProjectId);
        Assert.Empty(await store.ListByContactAsync("m-c", Ct));
        Assert.Null(await store.GetAsync("../x", Ct));
    }

    [Fact]
    public async Task ProgressNotesListInPostingOrderAndForgetTheirAuthor()
    {
        await using var app = TestApp.Create(storage);
        var notes = app.Get<ProjectProgressStore>();
        var projectId = ProjectStore.NewProjectId();
        var second = new ProjectProgress(projectId, ProjectProgressStore.NewUpdateId(), new DateOnly(2026, 10, 1), "en", "Second kiln built.", ["d1"], "m-a", Start.AddDays(1));
        var first = new ProjectProgress(projectId, ProjectProgressStore.NewUpdateId(), new DateOnly(2026, 9, 1), "en", "First kiln built.", [], "m-a", Start);
        await notes.AddAsync(second, Ct);
        await notes.AddAsync(first, Ct);

        var timeline = await notes.ListAsync(projectId, Ct);
        Assert.Equal([first.UpdateId, second.UpdateId], timeline.Select(n => n.UpdateId));
        Assert.Equal(first with { DocumentIds = timeline[0].DocumentIds }, timeline[0]);
        Assert.Equal(["d1"], timeline[1].DocumentIds);
        Assert.Equal(2, (await notes.ListByAuthorAsync("m-a", Ct)).Count);
        Assert.Single(await notes.ListPostedSinceAsync(Start.AddHours(1), Ct));

        await notes.ClearAuthorAsync(first, Ct);

        Assert.Equal(second.UpdateId, Assert.Single(await notes.ListByAuthorAsync("m-a", Ct)).UpdateId);
        Assert.Null((await notes.ListAsync(projectId, Ct))[0].AuthorMemberId);
    }

    [Theory]
    [InlineData(-0.0917, 34.768, 0.1, -0.1, 34.8)]
    [InlineData(-0.0917, 34.768, 1, 0, 35)]
    [InlineData(-0.0917, 34.768, 0.01, -0.09, 34.77)]
    [InlineData(89.96, 179.96, 0.1, 90, 180)]
    [InlineData(-12.345, -179.97, 0.1, -12.3, -180)]
    [InlineData(10.5, 20.5, 1, 11, 21)]
    public void PublicPointsAreRoundedToTheProjectsPrecision(double latitude, double longitude, double precision, double expectedLatitude, double expectedLongitude)
    {
        var rounded = ProjectCoordinates.Round(new GeoPoint(latitude, longitude), precision);

        Assert.Equal(expectedLatitude, rounded.Latitude, 9);
        Assert.Equal(expectedLongitude, rounded.Longitude, 9);
    }

    [Fact]
    public void WireNamesAreKebabCaseAndParseBackExactly()
    {
        Assert.Equal("compost-and-manure", ProjectNames.Of(Practice.CompostAndManure));
        Assert.Equal("gold-standard", ProjectNames.Of(CarbonStandard.GoldStandard));
        Assert.Equal("forest-woodland", ProjectNames.Of(LandUse.ForestWoodland));
        Assert.True(ProjectNames.TryParse("reduced-tillage", out Practice practice));
        Assert.Equal(Practice.ReducedTillage, practice);
        Assert.False(ProjectNames.TryParse("Reduced-Tillage", out practice));
        Assert.False(ProjectNames.TryParse("2", out ProjectStatus _));
        Assert.Equal(10, ProjectNames.All<Practice>().Count);
    }
}
