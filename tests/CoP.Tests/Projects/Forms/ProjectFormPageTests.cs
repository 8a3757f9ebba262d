using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Tests.Members;
using CoP.TestSupport;
using static CoP.Tests.Projects.Forms.ProjectFormFlows;

namespace CoP.Tests.Projects.Forms;

/// <summary>
/// The project form pages a member opens: the new project's form and their own project's edit page, for the member's
/// session only (a personal link becomes one first); someone else's project is not found, exactly as none; and the
/// projects a member maps listed on their profile page.
/// </summary>
public sealed class ProjectFormPageTests(StorageFixture storage)
{
    [Fact]
    public async Task ProfileLinkOpensTheNewProjectFormAsASessionWithoutTheTokenInTheAddress()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, _) = await MemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(memberId, 0, TokenPurpose.Profile);

        var linked = await GetAsync(app, $"/api/projects/new?token={Uri.EscapeDataString(token)}&lang=fr");

        Assert.Equal(303, linked.Status);
        Assert.Equal("/api/projects/new?lang=fr", linked.Headers.Location.ToString());
        Assert.Equal("cop-profile", Assert.Single(MemberPageFlows.SetCookies(linked)).Name.Value);

        var page = await GetAsync(app, "/api/projects/new?lang=fr", ("cop-profile", token));

        Assert.Equal(200, page.Status);
        Assert.Contains("<title>Cartographier un projet", page.Body, StringComparison.Ordinal);
        Assert.Contains("<form id=\"form\" method=\"post\" action=\"/api/projects/new\" novalidate>", page.Body, StringComparison.Ordinal);
        Assert.Equal([MemberPageFlows.FormToken(token)], MemberPageFlows.FormTokens(page.Body));
        Assert.Contains("<input type=\"checkbox\" name=\"topics\" value=\"soil-carbon\">Soil carbon</label>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<option value=\"0.1\" selected>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"version\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("progress-text", page.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/projects/new")]
    [InlineData("/api/projects/0123456789abcdef0123456789abcdef/edit")]
    public async Task BrowserWithoutASessionIsOfferedANewLink(string path)
    {
        await using var app = await CreateAppAsync(storage);

        var page = await GetAsync(app, path);

        Assert.Equal(401, page.Status);
        Assert.Contains("action=\"/api/members/access-link\"", page.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Biochar for smallholders in Kisumu: your project", "Approved: it is on the")]
    [InlineData("fr", "Biochar pour les petits exploitants de Kisumu : votre projet", "Approuvé : il est sur la")]
    [InlineData("es", "Biochar for smallholders in Kisumu: su proyecto", "Aprobado: está en el")]
    public async Task OwnerSeesTheirProjectWithItsVersionTheExactPointAndTheProgressForm(string language, string title, string review)
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);
        var stored = await ProjectAsync(app, memberId);

        var page = await GetAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit?lang={language}", session);

        Assert.Equal(200, page.Status);
        Assert.Contains($"<title>{title}", page.Body, StringComparison.Ordinal);
        Assert.Contains(review, page.Body, StringComparison.Ordinal);
        Assert.Equal(stored.Version, Version(page.Body));
        Assert.Contains("name=\"location-latitude\" type=\"number\" step=\"any\" min=\"-90\" max=\"90\" value=\"-0.0917\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"Kisumu Farmers&#x27; Union\"", page.Body, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/projects/{stored.Project.ProjectId}/confirm\"", page.Body, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/projects/{stored.Project.ProjectId}/updates/new\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("<input id=\"progress-date\" name=\"progress-date\" type=\"date\" value=\"2026-11-02\">", page.Body, StringComparison.Ordinal);
        Assert.All(MemberPageFlows.FormTokens(page.Body), formToken => Assert.Equal(MemberPageFlows.FormToken(session.Value), formToken));
    }

    [Fact]
    public async Task RejectedProjectShowsTheOperatorsNoteAndNoProgressForm()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);
        var stored = await ProjectAsync(app, memberId, p => p with { Review = ProjectReview.Rejected, ReviewNote = "Give the registry page, please.", ApprovedAt = null });

        var page = await GetAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit", session);

        Assert.Contains("Not approved. The operators said: “Give the registry page, please.”", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("progress-text", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneElsesProjectIsNotFoundExactlyAsNone()
    {
        await using var app = await CreateAppAsync(storage);
        var (ownerId, _) = await MemberAsync(app);
        var (_, other) = await MemberAsync(app);
        var stored = await ProjectAsync(app, ownerId);

        var theirs = await GetAsync(app, $"/api/projects/{stored.Project.ProjectId}/edit", other);
        var none = await GetAsync(app, "/api/projects/0123456789abcdef0123456789abcdef/edit", other);
        var malformed = await GetAsync(app, "/api/projects/..%2F..%2Fmembers/edit", other);

        Assert.Equal((404, none.Body), (theirs.Status, theirs.Body));
        Assert.Equal((404, none.Body), (malformed.Status, malformed.Body));
        Assert.DoesNotContain("Kisumu", theirs.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfilePageListsTheMembersOwnProjectsWithTheirReviewAndEditLinks()
    {
        await using var app = await CreateAppAsync(storage);
        var (memberId, session) = await MemberAsync(app);
        var (otherId, _) = await MemberAsync(app);
        var approved = await ProjectAsync(app, memberId);
        var pending = await ProjectAsync(app, memberId, p => p with
        {
            Review = ProjectReview.Pending,
            ApprovedAt = null,
            Texts = new Dictionary<string, ProjectText> { ["en"] = new("Compost in Thiès", null) },
            CreatedAt = p.CreatedAt.AddDays(1),
        });
        await ProjectAsync(app, otherId, p => p with { Texts = new Dictionary<string, ProjectText> { ["en"] = new("Someone else's terraces", null) } });

        var request = MemberPageFlows.BrowserGet(app, "/api/members/me", session);
        var page = await TestResponse.ExecuteAsync(await app.Function<GetMyProfileFunction>().GetMyProfile(request, Ct), request);

        Assert.Equal(200, page.Status);
        var mine = page.Body[page.Body.IndexOf("<h2 id=\"projects\">My projects</h2>", StringComparison.Ordinal)..];
        Assert.True(mine.IndexOf("Compost in Thiès", StringComparison.Ordinal) < mine.IndexOf("Biochar for smallholders in Kisumu", StringComparison.Ordinal), "Newest first.");
        Assert.Contains($"<a href=\"/api/projects/{pending.Project.ProjectId}/edit\">", mine, StringComparison.Ordinal);
        Assert.Contains("Waiting for review", mine, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/projects/{approved.Project.ProjectId}\">Its public page", mine, StringComparison.Ordinal);
        Assert.DoesNotContain($"<a href=\"/api/projects/{pending.Project.ProjectId}\">", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("terraces", page.Body, StringComparison.Ordinal);
        Assert.Contains("<a class=\"button secondary\" href=\"/api/projects/new\">Map a project</a>", mine, StringComparison.Ordinal);
    }
}
