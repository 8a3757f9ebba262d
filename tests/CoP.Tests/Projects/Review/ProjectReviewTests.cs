using CoP.Shared.Projects;
using CoP.Shared.Projects.Review;
using static CoP.Tests.Projects.ProjectTestData;
using static CoP.Tests.Projects.Review.ReviewTestFlows;

namespace CoP.Tests.Projects.Review;

/// <summary>The operators' review on Azurite: the route, the stored decision, the owner's mail (once), versions and races.</summary>
public sealed class ProjectReviewTests(StorageFixture storage)
{
    [Fact]
    public async Task ApprovingAPendingProjectPutsItOnTheMapAndMailsItsOwnerALinkToItsPage()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);

        var answer = await ReviewAsync(app, projectId, new { decision = "approve" });

        Assert.Equal(200, answer.Status);
        Assert.Equal("approved", answer.Json().GetProperty("review").GetString());
        var stored = await app.Get<ProjectStore>().GetAsync(projectId, Ct);
        Assert.NotNull(stored);
        Assert.Equal(stored.Version, answer.Headers.ETag.ToString());
        Assert.True(stored.Project.IsPublic);
        Assert.Equal(Start, stored.Project.ReviewedAt);
        Assert.Equal(Start, stored.Project.ApprovedAt);
        Assert.False(stored.Project.EditedSinceReview);
        var mail = Assert.Single(await MailsAsync(app, "project-approved"));
        Assert.Equal($"owner-{ownerId}@example.org", mail.To.Address);
        Assert.Contains("Biochar for smallholders in Kisumu", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"/api/projects/{projectId}", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(projectId, mail.CustomArgs["projectId"]);
    }

    [Fact]
    public async Task RejectingTakesANoteThatTheOwnerReadsInTheirLanguageWithALinkToTheEditForm()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app, language: "fr");
        var projectId = await PendingProjectAsync(app, ownerId);

        var answer = await ReviewAsync(app, projectId, new { decision = "reject", note = "Please give the registry page\n\nof the project." });

        Assert.Equal(200, answer.Status);
        var project = await ProjectAsync(app, projectId);
        Assert.Equal(ProjectReview.Rejected, project.Review);
        Assert.Equal("Please give the registry page\n\nof the project.", project.ReviewNote);
        Assert.Null(project.ApprovedAt);
        Assert.False(project.IsPublic);
        var mail = Assert.Single(await MailsAsync(app, "project-rejected"));
        Assert.Contains("Biochar pour les petits exploitants de Kisumu", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("registry page", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("registry page", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"/api/projects/{projectId}/edit", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameDecisionTwiceAtOnceIsStoredOnceAndMailedOnce()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);

        var answers = await Task.WhenAll(
            ReviewAsync(app, projectId, new { decision = "approve" }),
            ReviewAsync(app, projectId, new { decision = "approve" }),
            ReviewAsync(app, projectId, new { decision = "approve" }));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Single(await MailsAsync(app, "project-approved"));
        Assert.Equal(ProjectReview.Approved, (await ProjectAsync(app, projectId)).Review);
    }

    [Fact]
    public async Task ARetryAfterTheDecisionWasStoredChangesNothingAndStillMailsOnce()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);
        var first = await ReviewAsync(app, projectId, new { decision = "reject", note = "The point is in the sea." });
        time.Advance(TimeSpan.FromMinutes(3));

        var again = await ReviewAsync(app, projectId, new { decision = "reject", note = "The point is in the sea." });

        Assert.Equal(first.Headers.ETag.ToString(), again.Headers.ETag.ToString());
        Assert.Equal(Start, (await ProjectAsync(app, projectId)).ReviewedAt);
        Assert.Single(await MailsAsync(app, "project-rejected"));
    }

    [Fact]
    public async Task AnEditedApprovedProjectApprovedAgainKeepsItsFirstApprovalAndLeavesTheQueue()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId, p => p with
        {
            Review = ProjectReview.Approved,
            ReviewedAt = Start.AddDays(-30),
            ApprovedAt = Start.AddDays(-30),
            EditedSinceReview = true,
        });

        var answer = await ReviewAsync(app, projectId, new { decision = "approve" });

        Assert.Equal(200, answer.Status);
        var project = await ProjectAsync(app, projectId);
        Assert.Equal(Start.AddDays(-30), project.ApprovedAt);
        Assert.Equal(Start, project.ReviewedAt);
        Assert.False(project.EditedSinceReview);
        Assert.Empty(await app.Get<ProjectStore>().ListByReviewAsync(ProjectReview.Pending, Ct));
    }

    [Fact]
    public async Task AProjectRejectedThenApprovedGetsBothMailsEachOnce()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);
        await ReviewAsync(app, projectId, new { decision = "reject", note = "Add the area." });
        var rejected = await MailsAsync(app, "project-rejected");
        time.Advance(TimeSpan.FromDays(1));

        var answer = await ReviewAsync(app, projectId, new { decision = "approve" });

        Assert.Equal(200, answer.Status);
        Assert.Null((await ProjectAsync(app, projectId)).ReviewNote);
        Assert.Single(rejected);
        Assert.Single(await MailsAsync(app, "project-approved"));
        Assert.Single(await MailsAsync(app, "project-rejected"));
    }

    [Fact]
    public async Task AStaleIfMatchIsRefusedWith412AndTheCurrentOneIsTaken()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);
        var store = app.Get<ProjectStore>();
        var read = await store.GetAsync(projectId, Ct);
        Assert.NotNull(read);
        var edited = await store.TryReplaceAsync(read.Project with { AreaHectares = 99 }, read.Version, Ct);
        Assert.NotNull(edited);

        var stale = await ReviewAsync(app, projectId, new { decision = "approve" }, ifMatch: read.Version);
        var pending = await ProjectAsync(app, projectId);
        var current = await ReviewAsync(app, projectId, new { decision = "approve" }, ifMatch: edited);

        Assert.Equal(412, stale.Status);
        Assert.Equal(ProjectReview.Pending, pending.Review);
        Assert.Equal(200, current.Status);
        Assert.Empty(await MailsAsync(app, "project-rejected"));
        Assert.Single(await MailsAsync(app, "project-approved"));
    }

    [Theory]
    [InlineData("""{"decision":"publish"}""", "decision")]
    [InlineData("""{"decision":"Approve"}""", "decision")]
    [InlineData("""{}""", "decision")]
    [InlineData("""{"decision":"reject"}""", "note")]
    [InlineData("""{"decision":"reject","note":"   "}""", "note")]
    [InlineData("""{"decision":"reject","note":"\u200B\u200B"}""", "note")]
    [InlineData("""{"decision":"reject","note":"Fix \u202Ethis"}""", "note")]
    [InlineData("""{"decision":"approve","note":"Looks good"}""", "note")]
    [InlineData("""{"decision":["approve"]}""", "decision")]
    [InlineData("""{"decision":"reject","note":42}""", "note")]
    public async Task ABadDecisionIsRefusedNamingTheFieldAndNothingChanges(string body, string field)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);

        var answer = await ReviewRawAsync(app, projectId, body);

        Assert.Equal(400, answer.Status);
        Assert.True(answer.Json().GetProperty("errors").TryGetProperty(field, out _), answer.Body);
        Assert.Equal(ProjectReview.Pending, (await ProjectAsync(app, projectId)).Review);
        Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
    }

    [Fact]
    public async Task AnOverlongNoteIsRefused()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var projectId = await PendingProjectAsync(app, "member-1");

        var answer = await ReviewAsync(app, projectId, new { decision = "reject", note = new string('a', ProjectReviewRules.MaxNoteLength + 1) });

        Assert.Equal(400, answer.Status);
        Assert.Equal(ProjectReview.Pending, (await ProjectAsync(app, projectId)).Review);
    }

    [Fact]
    public async Task UnknownAndMalformedProjectIdsAndNonJsonBodiesAreRefused()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var unknown = await ReviewAsync(app, ProjectStore.NewProjectId(), new { decision = "approve" });
        var malformed = await ReviewAsync(app, "../projects", new { decision = "approve" });
        var form = await ReviewRawAsync(app, ProjectStore.NewProjectId(), "decision=approve", contentType: "application/x-www-form-urlencoded");

        Assert.Equal(404, unknown.Status);
        Assert.Equal(400, malformed.Status);
        Assert.Equal(415, form.Status);
    }

    [Fact]
    public async Task AProjectWithoutAContactIsReviewedAndNobodyIsMailed()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var projectId = await PendingProjectAsync(app, contactMemberId: null);

        var answer = await ReviewAsync(app, projectId, new { decision = "approve" });

        Assert.Equal(200, answer.Status);
        Assert.Empty(await MailsAsync(app, "project-approved"));
    }

    [Fact]
    public async Task AnApprovalMailIsDroppedWhenTheProjectWasTakenOffTheMapBeforeItLeft()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);
        await ReviewAsync(app, projectId, new { decision = "approve" });
        time.Advance(TimeSpan.FromMinutes(1));
        await ReviewAsync(app, projectId, new { decision = "reject", note = "Approved by mistake: the organisations are missing." });

        Assert.Empty(await MailsAsync(app, "project-approved"));
        Assert.Single(await MailsAsync(app, "project-rejected"));
    }
}
