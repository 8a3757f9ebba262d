using CoP.Shared.Projects;
using CoP.Tests.Http;
using static CoP.Tests.Projects.Pages.ProjectPageFlows;

namespace CoP.Tests.Projects.Pages;

/// <summary>A project's JSON and page: public ones for anyone (rounded), the owner's own whatever its review (exact).</summary>
public sealed class GetProjectTests(StorageFixture storage)
{
    [Fact]
    public async Task AnyoneGetsAnApprovedProjectWithItsRoundedPointAndNotesButNeverTheContactOrExactPoint()
    {
        await using var app = CreateApp(storage);
        var project = await AddAsync(app, ProjectTestData.NewProject());
        await NoteAsync(app, project.ProjectId, new DateOnly(2026, 3, 1), "Kilns built.");
        await NoteAsync(app, project.ProjectId, new DateOnly(2026, 9, 1), "First harvest on biochar plots.");

        var answer = await JsonGetAsync(app, $"/api/projects/{project.ProjectId}");

        Assert.Equal(200, answer.Status);
        var json = answer.Json();
        Assert.Equal([34.8, -0.1], json.GetProperty("project").GetProperty("location").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal(["First harvest on biochar plots.", "Kilns built."], json.GetProperty("updates").EnumerateArray().Select(u => u.GetProperty("text").GetString()));
        Assert.False(json.GetProperty("project").TryGetProperty("exactLocation", out _));
        Assert.DoesNotContain("34.768", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("member-1", answer.Body, StringComparison.Ordinal);
        Assert.True(string.IsNullOrEmpty(answer.Headers.ETag.ToString()));
    }

    public static TheoryData<string> HiddenReviews() => new(nameof(ProjectReview.Pending), nameof(ProjectReview.Rejected));

    [Theory]
    [MemberData(nameof(HiddenReviews))]
    public async Task AProjectNotApprovedIsNotFoundForAnonymousCallersAndOtherMembers(string review)
    {
        await using var app = CreateApp(storage);
        var (owner, _) = await MemberAsync(app);
        var (_, other) = await MemberAsync(app);
        var project = await AddAsync(app, ProjectTestData.NewProject(owner, p => p with { Review = Enum.Parse<ProjectReview>(review), ReviewNote = "Needs a boundary." }));

        var anonymous = await JsonGetAsync(app, $"/api/projects/{project.ProjectId}");
        var someoneElse = await JsonGetAsync(app, $"/api/projects/{project.ProjectId}", other);
        var page = await BrowserGetAsync(app, $"/api/projects/{project.ProjectId}");
        var otherSession = await BrowserGetAsync(app, $"/api/projects/{project.ProjectId}", ("cop-profile", other));

        Assert.All([anonymous, someoneElse, page, otherSession], answer => Assert.Equal(404, answer.Status));
        Assert.All([anonymous, someoneElse, page, otherSession], answer => Assert.DoesNotContain("Biochar", answer.Body, StringComparison.Ordinal));
        Assert.All([anonymous, someoneElse, page, otherSession], answer => Assert.DoesNotContain("Needs a boundary", answer.Body, StringComparison.Ordinal));
        PagePolicy.AssertRendersWithoutScript(page);
    }

    [Fact]
    public async Task TheOwnerGetsTheirPendingProjectWithTheExactPointTheReviewAndTheVersion()
    {
        await using var app = CreateApp(storage);
        var (owner, token) = await MemberAsync(app);
        var project = await AddAsync(app, ProjectTestData.NewProject(owner, p => p with { Review = ProjectReview.Pending }));
        var version = (await app.Get<ProjectStore>().GetAsync(project.ProjectId, Ct))!.Version;

        var answer = await JsonGetAsync(app, $"/api/projects/{project.ProjectId}", token);

        Assert.Equal(200, answer.Status);
        var json = answer.Json().GetProperty("project");
        Assert.Equal([34.768, -0.0917], json.GetProperty("exactLocation").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal("pending", json.GetProperty("review").GetString());
        Assert.Equal(version, answer.Headers.ETag.ToString());
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task ARefusedTokenIsAnsweredAsSuchNotAsTheProject()
    {
        await using var app = CreateApp(storage);
        var project = await AddAsync(app, ProjectTestData.NewProject());

        var answer = await JsonGetAsync(app, $"/api/projects/{project.ProjectId}", "not-a-token");

        Assert.Equal(401, answer.Status);
        Assert.DoesNotContain("Biochar", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOwnersPageShowsTheRejectionNoteTheExactPointAndTheirForms()
    {
        await using var app = CreateApp(storage);
        var (owner, token) = await MemberAsync(app);
        var project = await AddAsync(app, ProjectTestData.NewProject(owner, p => p with { Review = ProjectReview.Rejected, ReviewNote = "Please add the <b>boundary</b>." }));

        var page = await BrowserGetAsync(app, $"/api/projects/{project.ProjectId}", ("cop-profile", token));

        Assert.Equal(200, page.Status);
        Assert.Contains("<strong>Not approved.</strong>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Please add the &lt;b&gt;boundary&lt;/b&gt;.", page.Body, StringComparison.Ordinal);
        Assert.Contains("data-point=\"-0.0917,34.768\"", page.Body, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/projects/{project.ProjectId}/confirm\"", page.Body, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/projects/{project.ProjectId}/edit\"", page.Body, StringComparison.Ordinal);
        Assert.Contains($"name=\"formToken\" value=\"{CoP.Functions.Http.MemberSessions.FormToken(token)}\"", page.Body, StringComparison.Ordinal);
        // A rejected project takes no progress note until it is changed.
        Assert.DoesNotContain("/updates/new", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePublicPageShowsTheRoundedPointTheTimelineNewestFirstAndNoForms()
    {
        await using var app = CreateApp(storage);
        var (owner, _) = await MemberAsync(app);
        var project = await AddAsync(app, ProjectTestData.NewProject(owner));
        await NoteAsync(app, project.ProjectId, new DateOnly(2026, 3, 1), "Kilns built.\nTwelve of them.");
        await NoteAsync(app, project.ProjectId, new DateOnly(2026, 9, 1), "First harvest.", documentIds: "0123456789abcdef0123456789abcdef");

        var page = await BrowserGetAsync(app, $"/api/projects/{project.ProjectId}");

        Assert.Equal(200, page.Status);
        Assert.Contains("<h1>Biochar for smallholders in Kisumu</h1>", page.Body, StringComparison.Ordinal);
        Assert.Contains("data-point=\"-0.1,34.8\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("34.768", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(owner, page.Body, StringComparison.Ordinal);
        var harvest = page.Body.IndexOf("First harvest.", StringComparison.Ordinal);
        var kilns = page.Body.IndexOf("<p>Kilns built.</p><p>Twelve of them.</p>", StringComparison.Ordinal);
        Assert.True(harvest > 0 && kilns > harvest, "the newest note comes first");
        Assert.Contains("<time datetime=\"2026-09-01\">", page.Body, StringComparison.Ordinal);
        // A document that is not (or no longer) published is not linked.
        Assert.DoesNotContain("/api/documents/0123456789abcdef0123456789abcdef", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("formToken", page.Body, StringComparison.Ordinal);
        Assert.Contains("Verra VCS, VM0044", page.Body, StringComparison.Ordinal);
        Assert.Contains("Kisumu Farmers", page.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-project")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task AnUnknownOrMalformedIdIsNotFound(string projectId)
    {
        await using var app = CreateApp(storage);

        var json = await JsonGetAsync(app, $"/api/projects/{projectId}");
        var page = await BrowserGetAsync(app, $"/api/projects/{projectId}");

        Assert.Equal(404, json.Status);
        Assert.Equal("application/problem+json", json.ContentType);
        Assert.Equal(404, page.Status);
        Assert.Contains("<h1>Project not found</h1>", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APersonalLinkBecomesTheBrowsersSessionAndLeavesTheAddressBar()
    {
        await using var app = CreateApp(storage);
        var (owner, token) = await MemberAsync(app);
        var project = await AddAsync(app, ProjectTestData.NewProject(owner, p => p with { Review = ProjectReview.Pending }));

        var answer = await BrowserGetAsync(app, $"/api/projects/{project.ProjectId}?token={Uri.EscapeDataString(token)}");

        Assert.Equal(303, answer.Status);
        Assert.Equal($"/api/projects/{project.ProjectId}", answer.Headers.Location.ToString());
        Assert.Contains("cop-profile=", answer.Headers.SetCookie.ToString(), StringComparison.Ordinal);
    }
}
