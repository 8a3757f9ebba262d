using System.Text.Json;
using CoP.Shared.Events;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Catalog;
using CoP.Tests.Contract;
using static CoP.Tests.Projects.Catalog.CatalogTestFlows;
using static CoP.Tests.Projects.ProjectTestData;

namespace CoP.Tests.Projects.Catalog;

/// <summary>
/// The public catalog on Azurite: approved projects only, each filter and their combination, the box across the
/// antimeridian, the word search, the cursor, and views that never hold the exact point, the contact or the note.
/// </summary>
public sealed class ProjectCatalogTests(StorageFixture storage)
{
    [Fact]
    public async Task OnlyApprovedProjectsAreListedOrFound()
    {
        await using var app = TestApp.Create(storage);
        var catalog = app.Get<ProjectCatalog>();
        var (approved, pending, rejected) = (At("Approved", 1, 1, 1), At("Pending", 1, 1, 2, p => p with { Review = ProjectReview.Pending }),
            At("Rejected", 1, 1, 3, p => p with { Review = ProjectReview.Rejected, ReviewNote = "Not a soil project." }));
        await StoreAsync(app, approved, pending, rejected);

        var page = await catalog.ListAsync(ProjectQuery.All, "en", Ct);

        Assert.Equal([approved.ProjectId], page.Items.Select(p => p.ProjectId));
        Assert.Equal(1, page.Total);
        Assert.NotNull(await catalog.GetPublicAsync(approved.ProjectId, "en", Ct));
        Assert.Null(await catalog.GetPublicAsync(pending.ProjectId, "en", Ct));
        Assert.Null(await catalog.GetPublicAsync(rejected.ProjectId, "en", Ct));
        Assert.Null(await catalog.GetPublicAsync(ProjectStore.NewProjectId(), "en", Ct));
        Assert.Null(await catalog.GetPublicAsync("../projects", "en", Ct));
    }

    [Fact]
    public async Task EachFilterNarrowsTheListAndTheyCombine()
    {
        await using var app = TestApp.Create(storage);
        var kenya = At("Kenya biochar", -0.09, 34.77, 1);
        var uganda = At("Uganda cover crops", 0.35, 32.58, 2, p => p with
        {
            Countries = ["UG"], Topics = ["cover-crops"], Practices = [Practice.CoverCrops], Status = ProjectStatus.Pipeline,
            Carbon = p.Carbon with { Standard = CarbonStandard.GoldStandard, Methodology = null },
        });
        var both = At("Lake Victoria basin", -1.0, 33.0, 3, p => p with { Countries = ["KE", "UG"], Practices = [Practice.Agroforestry, Practice.CoverCrops] });
        await StoreAsync(app, kenya, uganda, both);

        Assert.Equal([both.ProjectId, kenya.ProjectId], await IdsAsync(app, "?country=KE"));
        Assert.Equal([both.ProjectId, uganda.ProjectId], await IdsAsync(app, "?country=ug"));
        Assert.Equal([uganda.ProjectId], await IdsAsync(app, "?topic=cover-crops"));
        Assert.Equal([uganda.ProjectId], await IdsAsync(app, "?status=pipeline"));
        Assert.Equal([both.ProjectId, uganda.ProjectId], await IdsAsync(app, "?practice=cover-crops"));
        Assert.Equal([uganda.ProjectId], await IdsAsync(app, "?standard=gold-standard"));
        Assert.Equal([both.ProjectId, kenya.ProjectId], await IdsAsync(app, "?standard=vcs"));
        Assert.Equal([both.ProjectId], await IdsAsync(app, "?country=UG&practice=agroforestry"));
        Assert.Empty(await IdsAsync(app, "?country=UG&topic=biochar&status=pipeline"));
        Assert.Equal([uganda.ProjectId], await IdsAsync(app, "?bbox=32,0,33,1"));
    }

    [Fact]
    public async Task ABoxAcrossTheAntimeridianFindsFijiAndSamoaButNotWhatLiesBetween()
    {
        await using var app = TestApp.Create(storage);
        var fiji = At("Fiji", -18.14, 178.44, 1);
        var samoa = At("Samoa", -13.83, -171.76, 2);
        var saintHelena = At("Saint Helena", -15.93, -5.72, 3);
        var greenwich = At("Greenwich", 51.48, 0, 4);
        var northOfFiji = At("Tuvalu", 8.5, 179.2, 5);
        await StoreAsync(app, fiji, samoa, saintHelena, greenwich, northOfFiji);

        Assert.Equal([samoa.ProjectId, fiji.ProjectId], await IdsAsync(app, "?bbox=170,-20,-170,0"));
        Assert.Equal([saintHelena.ProjectId], await IdsAsync(app, "?bbox=-170,-20,170,0"));
    }

    [Fact]
    public async Task TheBoxTestsThePublicPointNotTheExactOne()
    {
        await using var app = TestApp.Create(storage);
        // Its exact latitude 0.96 is inside the first box, its public one (1.0 at 0.1°) only inside the second.
        var project = At("Edge", 0.96, 10.0, 1);
        await StoreAsync(app, project);

        Assert.Empty(await IdsAsync(app, "?bbox=9,0.955,11,0.97"));
        Assert.Equal([project.ProjectId], await IdsAsync(app, "?bbox=9,0.99,11,1.01"));
    }

    [Fact]
    public async Task WordsAreFoundInTitlesSummariesAreaAndCountryCodesWhateverTheirCaseAndAccents()
    {
        await using var app = TestApp.Create(storage);
        var reunion = At("Agroforesterie à La Réunion", -21.1, 55.5, 1, p => p with
        {
            Texts = new Dictionary<string, ProjectText>
            {
                ["fr"] = new("Agroforesterie à La Réunion", "Haies vives et paillage."),
                ["en"] = new("Agroforestry on Réunion", "Hedgerows and mulching."),
            },
            Countries = ["RE"],
            AdministrativeArea = "Saint-Pierre",
        });
        var kisumu = At("Biochar for smallholders in Kisumu", -0.09, 34.77, 2);
        await StoreAsync(app, reunion, kisumu);

        Assert.Equal([reunion.ProjectId], await IdsAsync(app, "?q=REUNION"));
        Assert.Equal([reunion.ProjectId], await IdsAsync(app, "?q=paillage"));
        Assert.Equal([reunion.ProjectId], await IdsAsync(app, "?q=mulch"));
        Assert.Equal([reunion.ProjectId], await IdsAsync(app, "?q=saint%20pierre"));
        Assert.Equal([reunion.ProjectId], await IdsAsync(app, "?q=re"));
        Assert.Equal([kisumu.ProjectId], await IdsAsync(app, "?q=kisumu%20biochar"));
        Assert.Equal([kisumu.ProjectId], await IdsAsync(app, "?q=ke"));
        Assert.Empty(await IdsAsync(app, "?q=kisumu%20reunion"));
    }

    [Fact]
    public async Task TheCursorPagesThroughEveryMatchOnceNewestFirst()
    {
        await using var app = TestApp.Create(storage);
        var projects = await StoreAsync(app, [.. Enumerable.Range(1, 7).Select(i => At($"Project {i}", i, i, minute: i))]);
        var catalog = app.Get<ProjectCatalog>();

        var seen = new List<string>();
        var totals = new List<int>();
        string? cursor = null;
        do
        {
            var query = Query("?limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            var page = await catalog.ListAsync(query, "en", Ct);
            seen.AddRange(page.Items.Select(p => p.ProjectId));
            totals.Add(page.Total);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(projects.OrderByDescending(p => p.CreatedAt).Select(p => p.ProjectId), seen);
        Assert.Equal([7, 7, 7], totals);
    }

    [Fact]
    public async Task APublicBoundaryBoxSaysNothingOfWhereTheEdgesLie()
    {
        // Two farms of the same size behind the same public point: one straddles the grid lines 34.8 E and 0.1 S, the
        // other sits inside one cell. A box rounded from the exact edges told them apart; the public box must not.
        await using var app = TestApp.Create(storage);
        var straddling = NewProject(change: p => p with
        {
            Location = p.Location with { Point = new GeoPoint(-0.1004, 34.7996) },
            Boundary = new ProjectBoundary("b/s.geojson", 34.7972, -0.1031, 34.8021, -0.0984, 25),
        });
        var inside = NewProject(change: p => p with
        {
            Location = p.Location with { Point = new GeoPoint(-0.0870, 34.8210) },
            Boundary = new ProjectBoundary("b/i.geojson", 34.8186, -0.0897, 34.8235, -0.0850, 25),
        });
        await StoreAsync(app, straddling);
        await StoreAsync(app, inside);
        var catalog = app.Get<ProjectCatalog>();

        var boxes = new List<string>();
        foreach (var project in new[] { straddling, inside })
        {
            var view = JsonSerializer.Serialize(await catalog.GetPublicAsync(project.ProjectId, "en", Ct), JsonSerializerOptions.Web);
            boxes.Add(System.Text.RegularExpressions.Regex.Match(view, "\"boundaryBox\":\\{[^}]*\\}").Value);
        }

        Assert.Equal("\"boundaryBox\":{\"west\":34.6,\"south\":-0.3,\"east\":35,\"north\":0.1}", boxes[0]);
        Assert.Equal(boxes[0], boxes[1]);
    }

    [Fact]
    public async Task APublicViewNeverHoldsTheExactPointTheContactOrTheReviewNote()
    {
        await using var app = TestApp.Create(storage);
        var project = NewProject("member-contact-42", p => p with
        {
            ReviewNote = "Internal: checked with the registry.",
            Boundary = new ProjectBoundary("b/1.geojson", 34.7312, -0.1523, 34.8071, -0.0402, 118.2),
        });
        await StoreAsync(app, project);
        var catalog = app.Get<ProjectCatalog>();

        var page = JsonSerializer.Serialize(await catalog.ListAsync(ProjectQuery.All, "en", Ct), JsonSerializerOptions.Web);
        var one = JsonSerializer.Serialize(await catalog.GetPublicAsync(project.ProjectId, "en", Ct), JsonSerializerOptions.Web);

        foreach (var body in new[] { page, one })
        {
            Assert.DoesNotContain(ExactLatitude, body, StringComparison.Ordinal);
            Assert.DoesNotContain(ExactLongitude, body, StringComparison.Ordinal);
            Assert.DoesNotContain("34.7312", body, StringComparison.Ordinal);
            Assert.DoesNotContain("member-contact-42", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Internal: checked", body, StringComparison.Ordinal);
            Assert.Contains("\"location\":{\"type\":\"Point\",\"coordinates\":[34.8,-0.1]}", body, StringComparison.Ordinal);
            Assert.Contains("\"boundaryBox\":{\"west\":34.6,\"south\":-0.3,\"east\":35,\"north\":0.1}", body, StringComparison.Ordinal);
            Assert.Contains("\"needsContact\":false", body, StringComparison.Ordinal);
        }

        Assert.Empty(OpenApiContract.Embedded.Validate("/components/schemas/ProjectListPage", page));
        Assert.Empty(OpenApiContract.Embedded.Validate("/components/schemas/ProjectPublic", one));
    }

    [Fact]
    public async Task APublicViewSaysWhenTheProjectNeedsAContact()
    {
        await using var app = TestApp.Create(storage);
        var project = NewProject(contactMemberId: null);
        await StoreAsync(app, project);

        var view = await app.Get<ProjectCatalog>().GetPublicAsync(project.ProjectId, "fr", Ct);

        Assert.NotNull(view);
        Assert.True(view.NeedsContact);
        Assert.Equal(("fr", "Biochar pour les petits exploitants de Kisumu", null), (view.Language, view.Title, view.Summary));
        Assert.Equal("en", (await app.Get<ProjectCatalog>().GetPublicAsync(project.ProjectId, "es", Ct))!.Language);
    }

    [Fact]
    public void TheOwnersViewHoldsTheExactPointAndTheReviewBesideThePublicOne()
    {
        var project = NewProject(change: p => p with { Review = ProjectReview.Rejected, ReviewNote = "Please add the registry link." });

        var view = ProjectViews.Owner(project, "en", new Uri("https://cop.example.org"));
        var body = JsonSerializer.Serialize(view, JsonSerializerOptions.Web);

        Assert.Equal([34.768, -0.0917], view.ExactLocation.Coordinates);
        Assert.Equal([34.8, -0.1], view.Location.Coordinates);
        Assert.Equal(("rejected", "Please add the registry link."), (view.Review, view.ReviewNote));
        Assert.Empty(OpenApiContract.Embedded.Validate("/components/schemas/ProjectOwnerView", body));
        Assert.NotEmpty(OpenApiContract.Embedded.Validate("/components/schemas/ProjectPublic", body));
    }

    private static ProjectQuery Query(string queryString) =>
        Assert.IsType<CoP.Shared.Validation.Validated<ProjectQuery>.Valid>(
            ProjectQuery.Parse(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString))).Value;

    private static async Task<IReadOnlyList<string>> IdsAsync(TestApp app, string queryString) =>
        [.. (await app.Get<ProjectCatalog>().ListAsync(Query(queryString), "en", Ct)).Items.Select(p => p.ProjectId)];
}
