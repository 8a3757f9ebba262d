using CoP.Shared.DomainEvents;
using CoP.Shared.Projects;
using static CoP.Tests.DomainEvents.DomainEventTestFlows;
using static CoP.Tests.Projects.ProjectTestData;
using static CoP.Tests.Projects.Review.ReviewTestFlows;

namespace CoP.Tests.DomainEvents;

/// <summary><c>project.approved</c> (the first approval only) and <c>project.progress-updated</c> (notes on approved projects).</summary>
public sealed class ProjectDomainEventTests(StorageFixture storage)
{
    [Fact]
    public async Task AProjectApprovedTwiceAtOnceAndAgainIsApprovedOnceWithoutItsContact()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);

        var answers = await Task.WhenAll(ReviewAsync(app, projectId, new { decision = "approve" }), ReviewAsync(app, projectId, new { decision = "approve" }));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(200, (await ReviewAsync(app, projectId, new { decision = "approve" })).Status);

        var approved = await SingleAsync(app, DomainEventTypes.ProjectApproved);
        AssertShows(approved, DomainEventTypes.ProjectApproved, projectId, "Biochar for smallholders in Kisumu", $"{PublicBase(app)}/api/projects/{projectId}", "biochar");
        Assert.Equal("New on the map: KE", approved.Summary);
        Assert.Equal(["KE"], approved.Data.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        Assert.Single(await EventsAsync(app));
        await AssertNothingPersonalAsync(app, ownerId, $"owner-{ownerId}", "-0.0917", "34.768", "Soil Trust", "Kisumu Farmers");
    }

    [Fact]
    public async Task AReapprovalAfterAnEditOrARejectionIsNotNewsAgain()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, _) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);
        Assert.Equal(200, (await ReviewAsync(app, projectId, new { decision = "approve" })).Status);
        var stored = (await app.Get<ProjectStore>().GetAsync(projectId, Ct))!;
        Assert.NotNull(await app.Get<ProjectStore>().TryReplaceAsync(stored.Project with { EditedSinceReview = true }, stored.Version, Ct));
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(200, (await ReviewAsync(app, projectId, new { decision = "approve" })).Status);
        Assert.Equal(200, (await ReviewAsync(app, projectId, new { decision = "reject", note = "The registry id is wrong." })).Status);
        Assert.Equal(200, (await ReviewAsync(app, projectId, new { decision = "approve" })).Status);

        Assert.Single(await EventsAsync(app));
        Assert.Equal(DomainEvent.IdOf(DomainEventTypes.ProjectApproved, projectId), (await SingleAsync(app, DomainEventTypes.ProjectApproved)).EventId);
    }

    [Fact]
    public async Task ANoteSentTwiceAtOnceOnAnApprovedProjectIsNewsOnceWithoutItsAuthorOrText()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId, p => p with { Review = ProjectReview.Approved, ApprovedAt = Start.AddDays(-2) });
        var note = new { date = "2026-10-15", language = "en", text = "Kilns delivered to Wanjiru Kamau's farm." };

        var answers = await Task.WhenAll(AddNoteAsync(app, projectId, token, note), AddNoteAsync(app, projectId, token, note));
        Assert.Equal([200, 201], answers.Select(a => a.Status).Order());
        Assert.Equal(200, (await AddNoteAsync(app, projectId, token, note)).Status);

        var updateId = answers[0].Json().GetProperty("updateId").GetString()!;
        var progress = await SingleAsync(app, DomainEventTypes.ProjectProgressUpdated);
        AssertShows(progress, DomainEventTypes.ProjectProgressUpdated, $"{projectId}/2026-11-02", "Biochar for smallholders in Kisumu", $"{PublicBase(app)}/api/projects/{projectId}", "biochar");
        Assert.Equal("Progress of 2026-10-15", progress.Summary);
        Assert.Equal(updateId, progress.Data.GetProperty("update").GetProperty("id").GetString());
        Assert.Single(await EventsAsync(app));
        await AssertNothingPersonalAsync(app, ownerId, $"owner-{ownerId}", "Wanjiru", "Kilns delivered");
    }

    [Fact]
    public async Task ANoteOnAPendingProjectIsNotNewsThenOrAtTheApproval()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId);

        Assert.Equal(201, (await AddNoteAsync(app, projectId, token, new { date = "2026-10-15", text = "Soil samples taken." })).Status);
        Assert.Empty(await EventsAsync(app));
        Assert.Equal(200, (await ReviewAsync(app, projectId, new { decision = "approve" })).Status);

        Assert.Equal([DomainEventTypes.ProjectApproved], (await EventsAsync(app)).Select(e => e.Type));
    }

    [Fact]
    public async Task AProjectsNotesOfOneDayAreOneAnnouncementAndTheNextDaysAnother()
    {
        // Attack-review finding: every note with a different text was an announcement of its own, a flood at the owner's will.
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (ownerId, token) = await MemberAsync(app);
        var projectId = await PendingProjectAsync(app, ownerId, p => p with { Review = ProjectReview.Approved, ApprovedAt = Start.AddDays(-2) });

        var first = await AddNoteAsync(app, projectId, token, new { date = "2026-10-15", text = "Kilns delivered." });
        time.Advance(TimeSpan.FromHours(10));
        Assert.Equal(201, (await AddNoteAsync(app, projectId, token, new { date = "2026-10-20", text = "First burn done." })).Status);
        Assert.Equal(201, first.Status);

        var day = await SingleAsync(app, DomainEventTypes.ProjectProgressUpdated);
        Assert.Equal(DomainEvent.IdOf(DomainEventTypes.ProjectProgressUpdated, $"{projectId}/2026-11-02"), day.EventId);
        Assert.Equal("Progress of 2026-10-15", day.Summary);
        Assert.Equal(first.Json().GetProperty("updateId").GetString(), day.Data.GetProperty("update").GetProperty("id").GetString());

        time.Advance(TimeSpan.FromHours(6));
        Assert.Equal(201, (await AddNoteAsync(app, projectId, token, new { date = "2026-11-03", text = "Biochar spread on two fields." })).Status);

        var days = await EventsAsync(app, DomainEventTypes.ProjectProgressUpdated);
        Assert.Equal(2, days.Count);
        Assert.Contains(days, e => e.EventId == DomainEvent.IdOf(DomainEventTypes.ProjectProgressUpdated, $"{projectId}/2026-11-03") && e.Summary == "Progress of 2026-11-03");
    }
}
