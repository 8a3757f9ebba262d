using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Submission;
using static CoP.Tests.Events.Registrations.EventRegistrationTestFlows;
using static CoP.Tests.Projects.Submission.ProjectDefinitions;
using static CoP.Tests.Projects.Submission.SubmissionTestFlows;

namespace CoP.Tests.Projects.Submission;

/// <summary>A member's project from submission through updates and confirmations, through the functions, on Azurite.</summary>
public sealed class ProjectSubmissionLifecycleTests(StorageFixture storage)
{
    [Fact]
    public async Task ASubmittedProjectWaitsForReviewWithItsMemberAsContactAndTheOperatorsAreMailed()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (memberId, token) = await OwnerAsync(app);

        var response = await SubmitAsync(app, token, Valid());

        Assert.True(response.Status == 201, response.Body);
        var projectId = response.Json().GetProperty("projectId").GetString()!;
        Assert.Equal($"/api/projects/{projectId}", response.Headers.Location.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal("pending", response.Json().GetProperty("review").GetString());
        Assert.Equal(34.768, response.Json().GetProperty("location").GetProperty("coordinates")[0].GetDouble());
        Assert.InRange(response.Json().GetProperty("boundaryBox").GetProperty("areaHectares").GetDouble(), 480, 500);
        var stored = (await app.Get<ProjectStore>().GetAsync(projectId, Ct))!;
        Assert.Equal(response.Headers.ETag.ToString(), stored.Version);
        Assert.Equal(memberId, stored.Project.ContactMemberId);
        Assert.Equal(ProjectReview.Pending, stored.Project.Review);
        Assert.Equal(Now, stored.Project.LastConfirmedAt);
        Assert.Equal([stored.Project.Boundary!.BlobName], await BoundaryBlobsAsync(app));
        Assert.StartsWith($"{projectId}/", stored.Project.Boundary.BlobName, StringComparison.Ordinal);

        await app.DeliverQueuedMailAsync(Ct);

        var mails = Mails(app, ProjectSubmittedNotices.Kind);
        Assert.Equal(["ops-one@example.org", "ops-two@example.org"], mails.Select(m => m.To.Address.ToLowerInvariant()).Order());
        Assert.All(mails, m =>
        {
            Assert.Contains("Biochar for smallholders in Kisumu", m.Subject, StringComparison.Ordinal);
            Assert.Contains($"https://cop.example.org/api/console/projects/{projectId}", m.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("@example.org", m.TextBody.Replace(m.To.Address, "", StringComparison.Ordinal), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AnEmptyPatchConfirmsTheRecordAndChangesNothingElse()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await OwnerAsync(app);
        var (projectId, version) = await SubmittedAsync(app, token, Valid());
        time.Advance(TimeSpan.FromDays(20));

        var confirmed = await PatchAsync(app, projectId, token, "{}", version);

        Assert.True(confirmed.Status == 200, confirmed.Body);
        Assert.NotEqual(version, confirmed.Headers.ETag.ToString());
        var project = (await app.Get<ProjectStore>().GetAsync(projectId, Ct))!.Project;
        Assert.Equal(Now.AddDays(20), project.LastConfirmedAt);
        Assert.Equal(Now, project.UpdatedAt);
        Assert.Equal(ProjectReview.Pending, project.Review);
        Assert.Single(await BoundaryBlobsAsync(app));
    }

    [Fact]
    public async Task AChangedApprovedProjectStaysApprovedAndIsMarkedForTheOperators()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await OwnerAsync(app);
        var (projectId, _) = await SubmittedAsync(app, token, Valid());
        var version = await ReviewAsync(app, projectId, ProjectReview.Approved);
        time.Advance(TimeSpan.FromDays(3));

        var changed = await PatchAsync(app, projectId, token, """{"texts":{"en":{"title":"Biochar kilns in Kisumu"}},"status":"finalisation"}""", version);

        Assert.True(changed.Status == 200, changed.Body);
        Assert.Equal("approved", changed.Json().GetProperty("review").GetString());
        Assert.True(changed.Json().GetProperty("editedSinceReview").GetBoolean());
        var project = (await app.Get<ProjectStore>().GetAsync(projectId, Ct))!.Project;
        Assert.Equal("Biochar kilns in Kisumu", project.Texts["en"].Title);
        // The merge kept what the patch did not name: the English summary and the French text.
        Assert.Equal("Kilns built with farmer groups;\nbiochar mixed with compost.", project.Texts["en"].Summary);
        Assert.Equal("Biochar pour les petits exploitants de Kisumu", project.Texts["fr"].Title);
        Assert.Equal(ProjectStatus.Finalisation, project.Status);
        Assert.Equal(Now.AddDays(3), project.UpdatedAt);
    }

    [Fact]
    public async Task AChangedRejectedProjectWaitsForReviewAgainAndTheOperatorsHearOfIt()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await OwnerAsync(app);
        var (projectId, _) = await SubmittedAsync(app, token, Valid());
        await app.DeliverQueuedMailAsync(Ct);
        var version = await ReviewAsync(app, projectId, ProjectReview.Rejected);
        time.Advance(TimeSpan.FromDays(1));

        var confirmedOnly = await PatchAsync(app, projectId, token, "{}", version);
        var changed = await PatchAsync(app, projectId, token, """{"topics":["biochar","monitoring-slm"]}""", confirmedOnly.Headers.ETag.ToString());

        Assert.Equal("rejected", confirmedOnly.Json().GetProperty("review").GetString());
        Assert.True(changed.Status == 200, changed.Body);
        Assert.Equal("pending", changed.Json().GetProperty("review").GetString());
        await app.DeliverQueuedMailAsync(Ct);
        var mails = Mails(app, ProjectSubmittedNotices.Kind);
        Assert.Equal(4, mails.Count);
        Assert.Equal(2, mails.Count(m => m.Subject.StartsWith("A changed project waits for review", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ABoundaryIsReplacedAndRemovedWithItsBlobAndKeptWhenUnchanged()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await OwnerAsync(app);
        var (projectId, version) = await SubmittedAsync(app, token, Valid());
        var first = await BoundaryBlobsAsync(app);

        var kept = await PatchAsync(app, projectId, token, """{"areaHectares":130}""", version);
        Assert.Equal(first, await BoundaryBlobsAsync(app));

        var moved = await PatchAsync(app, projectId, token,
            """{"boundary":{"type":"MultiPolygon","coordinates":[[[[34.76,-0.1],[34.77,-0.1],[34.77,-0.09],[34.76,-0.1]]],[[[34.775,-0.09],[34.78,-0.09],[34.78,-0.085],[34.775,-0.09]]]]}}""",
            kept.Headers.ETag.ToString());
        var second = await BoundaryBlobsAsync(app);

        var removed = await PatchAsync(app, projectId, token, """{"boundary":null}""", moved.Headers.ETag.ToString());

        Assert.True(moved.Status == 200, moved.Body);
        Assert.Single(second);
        Assert.NotEqual(first, second);
        Assert.True(removed.Status == 200, removed.Body);
        Assert.False(removed.Json().TryGetProperty("boundaryBox", out _));
        Assert.Empty(await BoundaryBlobsAsync(app));
        Assert.Null((await app.Get<ProjectStore>().GetAsync(projectId, Ct))!.Project.Boundary);
    }

    [Fact]
    public async Task UpdatesAreRefusedWithoutOrWithAStaleVersionForOthersAndWhenTheResultBreaksARule()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await OwnerAsync(app);
        var (_, otherToken) = await OwnerAsync(app);
        var (projectId, version) = await SubmittedAsync(app, token, Valid());
        var changed = await PatchAsync(app, projectId, token, """{"areaHectares":130}""", version);
        var current = changed.Headers.ETag.ToString();

        Assert.Equal(428, (await PatchAsync(app, projectId, token, "{}", null)).Status);
        Assert.Equal(412, (await PatchAsync(app, projectId, token, "{}", version)).Status);
        Assert.Equal(401, (await PatchAsync(app, projectId, null, "{}", current)).Status);
        Assert.Equal(403, (await PatchAsync(app, projectId, otherToken, "{}", current)).Status);
        Assert.Equal(403, (await PatchAsync(app, projectId, Token(app, (await app.Get<ProjectStore>().GetAsync(projectId, Ct))!.Project.ContactMemberId!, TokenPurpose.Calendar), "{}", current)).Status);
        Assert.Equal(404, (await PatchAsync(app, "0123456789abcdef0123456789abcdef", token, "{}", current)).Status);
        Assert.Equal(404, (await PatchAsync(app, "..%2F..%2Fetc", token, "{}", current)).Status);
        Assert.Equal(415, (await PatchAsync(app, projectId, token, "{}", current, "text/plain")).Status);
        var invalid = await PatchAsync(app, projectId, token, """{"location":null,"practices":["moon-farming"]}""", current);
        Assert.Equal(400, invalid.Status);
        Assert.True(invalid.Json().GetProperty("errors").TryGetProperty("location", out _), invalid.Body);
        Assert.True(invalid.Json().GetProperty("errors").TryGetProperty("practices", out _), invalid.Body);
        Assert.Equal(400, (await PatchAsync(app, projectId, token, "[]", current)).Status);
        Assert.Equal(400, (await PatchAsync(app, projectId, token, """{"contactMemberId":"me"}""", current)).Status);
        Assert.Equal(current, (await app.Get<ProjectStore>().GetAsync(projectId, Ct))!.Version);
    }

    [Fact]
    public async Task OfTwoUpdatesFromTheSameVersionAtOnceOneWinsAndTheOtherIsToldToReadAgain()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await OwnerAsync(app);
        var (projectId, version) = await SubmittedAsync(app, token, Valid());

        var answers = await Task.WhenAll(
            PatchAsync(app, projectId, token, """{"areaHectares":130}""", version),
            PatchAsync(app, projectId, token, """{"areaHectares":140}""", version));

        Assert.Equal([200, 412], answers.Select(a => a.Status).Order());
        var winner = answers.Single(a => a.Status == 200).Json().GetProperty("areaHectares").GetDouble();
        Assert.Equal(winner, (await app.Get<ProjectStore>().GetAsync(projectId, Ct))!.Project.AreaHectares);
    }

    [Fact]
    public async Task ConfirmingNeedsTheOwnerAndOptionallyTheVersion()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (memberId, token) = await OwnerAsync(app);
        var (otherId, _) = await OwnerAsync(app);
        var (projectId, version) = await SubmittedAsync(app, token, Valid());
        var service = app.Get<ProjectService>();
        time.Advance(TimeSpan.FromDays(30));

        var confirmed = await service.ConfirmAsync(projectId, memberId, version, Ct);

        var changed = Assert.IsType<ProjectChange.Changed>(confirmed);
        Assert.Equal(Now.AddDays(30), changed.Project.Project.LastConfirmedAt);
        Assert.IsType<ProjectChange.VersionMismatch>(await service.ConfirmAsync(projectId, memberId, version, Ct));
        Assert.IsType<ProjectChange.Changed>(await service.ConfirmAsync(projectId, memberId, cancellationToken: Ct));
        Assert.IsType<ProjectChange.NotOwner>(await service.ConfirmAsync(projectId, otherId, cancellationToken: Ct));
        Assert.IsType<ProjectChange.NotFound>(await service.ConfirmAsync("0123456789abcdef0123456789abcdef", memberId, cancellationToken: Ct));
    }

    [Fact]
    public async Task AMemberWithTenProjectsWaitingSubmitsNoMoreAndAnonymousCallersNone()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await OwnerAsync(app);
        var (_, voteToken) = await OwnerAsync(app, TokenPurpose.Vote);
        for (var i = 0; i < ProjectService.MaxPendingPerMember; i++)
        {
            await SubmittedAsync(app, token, Valid(d => d.Remove("boundary")));
        }

        var eleventh = await SubmitAsync(app, token, Valid());

        Assert.Equal(409, eleventh.Status);
        Assert.Equal(401, (await SubmitAsync(app, null, Valid())).Status);
        Assert.Equal(401, (await SubmitAsync(app, "not-a-token", Valid())).Status);
        Assert.Equal(403, (await SubmitAsync(app, voteToken, Valid())).Status);
        Assert.Equal(ProjectService.MaxPendingPerMember, (await app.Get<ProjectStore>().ListAllAsync(Ct)).Count);
        Assert.Empty(await BoundaryBlobsAsync(app));
    }

    /// <summary>Writes an operator's decision straight to the store (the review service is another area's); the new version.</summary>
    private static async Task<string> ReviewAsync(TestApp app, string projectId, ProjectReview review)
    {
        var store = app.Get<ProjectStore>();
        var stored = (await store.GetAsync(projectId, Ct))!;
        var decided = stored.Project with
        {
            Review = review,
            ReviewNote = review == ProjectReview.Rejected ? "Please give the registry's page." : null,
            ReviewedAt = Now,
            ApprovedAt = review == ProjectReview.Approved ? Now : null,
        };
        return (await store.TryReplaceAsync(decided, stored.Version, Ct))!;
    }
}
