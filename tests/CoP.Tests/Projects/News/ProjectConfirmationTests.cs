using CoP.Functions.Projects.Contacts;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Contacts;
using CoP.Tests.Members;
using Microsoft.Azure.Functions.Worker;
using static CoP.Tests.Projects.News.ProjectNewsTestFlows;

namespace CoP.Tests.Projects.News;

/// <summary>
/// The yearly confirmation: the contact of a project not confirmed for over a year is asked once per period, however
/// many runs overlap, with a link to the edit form that opens a session for them; confirming starts the next period;
/// rejected projects, projects without a contact and fresh ones are left alone; a mail queued before the owner
/// confirmed, or for someone no longer the contact, goes out as nothing.
/// </summary>
public sealed class ProjectConfirmationTests(StorageFixture storage)
{
    private static readonly TimeSpan OverAYear = TimeSpan.FromDays(366);

    [Fact]
    public async Task TheContactOfAProjectNotConfirmedForAYearIsAskedOnceAcrossOverlappingRunsAndDays()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var member = await MemberAsync(app, "fr");
        var stored = await ProjectAsync(app, member.MemberId, p => p with { LastConfirmedAt = Start - OverAYear });

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.Get<ProjectConfirmationRun>().RunAsync(Ct)));
        await RunAndDeliverAsync(app);

        Assert.Equal(1, reports.Sum(r => r.Asked));
        var mail = Assert.Single(Mails(app, ProjectConfirmationMails.Kind));
        Assert.Equal(member.Email, mail.To.Address);
        Assert.Equal((member.MemberId, stored.Project.ProjectId), (mail.CustomArgs["memberId"], mail.CustomArgs["projectId"]));
        Assert.Contains("Biochar pour les petits exploitants de Kisumu", mail.Subject, StringComparison.Ordinal);
        var route = $"/api/projects/{stored.Project.ProjectId}/edit";
        Assert.Contains($"{BaseUrl}{route}?token=", mail.TextBody, StringComparison.Ordinal);
        var token = app.Get<MemberTokenService>().Verify(MemberTestFlows.TokenFromLink(mail.TextBody, route));
        Assert.True(token.IsValid);
        Assert.Equal((member.MemberId, TokenPurpose.Profile), (token.Token?.MemberId, token.Token?.Purpose));
        Assert.DoesNotContain(member.Email, mail.TextBody, StringComparison.Ordinal);

        // Later runs of the period, when the mail ledger's records are long purged, queue nothing at all.
        foreach (var days in new[] { 1, 45 })
        {
            time.Advance(TimeSpan.FromDays(days));
            Assert.Equal(0, (await app.Get<ProjectConfirmationRun>().RunAsync(Ct)).Asked);
            Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
        }

        Assert.Single(Mails(app, ProjectConfirmationMails.Kind));
    }

    [Fact]
    public async Task FreshRejectedAndContactlessProjectsAreNotAsked()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app);
        await ProjectAsync(app, member.MemberId, p => p with { LastConfirmedAt = Start - TimeSpan.FromDays(364) });
        await ProjectAsync(app, member.MemberId, p => p with { LastConfirmedAt = Start - OverAYear, Review = ProjectReview.Rejected, ReviewNote = "Not soil." });
        await ProjectAsync(app, null, p => p with { LastConfirmedAt = Start - OverAYear });
        var pending = await ProjectAsync(app, member.MemberId, p => p with { LastConfirmedAt = Start - OverAYear, Review = ProjectReview.Pending, ApprovedAt = null });

        var report = await app.Get<ProjectConfirmationRun>().RunAsync(Ct);
        var drain = await app.DeliverQueuedMailAsync(Ct);

        Assert.Empty(drain.Failures);
        Assert.Equal(new ProjectConfirmationReport(Asked: 1, WithoutContact: 1), report);
        Assert.Equal(pending.Project.ProjectId, Assert.Single(Mails(app, ProjectConfirmationMails.Kind)).CustomArgs["projectId"]);
    }

    [Fact]
    public async Task ConfirmingStartsTheNextPeriodWhoseContactIsAskedAgainAYearLater()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var member = await MemberAsync(app);
        var stored = await ProjectAsync(app, member.MemberId, p => p with { LastConfirmedAt = Start - OverAYear });
        await RunAndDeliverAsync(app);

        time.Advance(TimeSpan.FromDays(3));
        await ConfirmAsync(app, stored.Project.ProjectId, time.GetUtcNow());
        await RunAndDeliverAsync(app);
        Assert.Single(Mails(app, ProjectConfirmationMails.Kind));

        time.Advance(OverAYear);
        await RunAndDeliverAsync(app);
        Assert.Equal(2, Mails(app, ProjectConfirmationMails.Kind).Count);
    }

    [Fact]
    public async Task AMailQueuedBeforeTheOwnerConfirmedOrForSomeoneNoLongerTheContactGoesOutAsNothing()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var owner = await MemberAsync(app);
        var leaving = await MemberAsync(app);
        var confirmed = await ProjectAsync(app, owner.MemberId, p => p with { LastConfirmedAt = Start - OverAYear });
        var erased = await ProjectAsync(app, leaving.MemberId, p => p with { LastConfirmedAt = Start - OverAYear });
        var unconfirmedMember = await MemberAsync(app, status: MemberStatus.Pending);
        await ProjectAsync(app, unconfirmedMember.MemberId, p => p with { LastConfirmedAt = Start - OverAYear });

        Assert.Equal(3, (await app.Get<ProjectConfirmationRun>().RunAsync(Ct)).Asked);
        await ConfirmAsync(app, confirmed.Project.ProjectId, time.GetUtcNow());
        await MemberData(app).EraseAsync(leaving, Ct);
        var drain = await app.DeliverQueuedMailAsync(Ct);

        Assert.Empty(drain.Failures);
        Assert.Empty(Mails(app, ProjectConfirmationMails.Kind));
        Assert.True((await app.Get<ProjectStore>().GetAsync(erased.Project.ProjectId, Ct))?.Project.NeedsContact);
    }

    [Fact]
    public void AProjectIsOverdueOnlyWhenItsLastConfirmationIsMoreThanAYearOld()
    {
        var project = ProjectTestData.NewProject(change: p => p with { LastConfirmedAt = Start });

        Assert.False(ProjectConfirmationOptions.IsOverdue(project, Start.AddDays(365)));
        Assert.True(ProjectConfirmationOptions.IsOverdue(project, Start.AddDays(365).AddSeconds(1)));
    }

    /// <summary>What the owner's "still current" does to the record: a new LastConfirmedAt, written under the version read.</summary>
    private static async Task ConfirmAsync(TestApp app, string projectId, DateTimeOffset at)
    {
        var store = app.Get<ProjectStore>();
        var current = await store.GetAsync(projectId, Ct) ?? throw new InvalidOperationException("The project is gone.");
        Assert.NotNull(await store.TryReplaceAsync(current.Project with { LastConfirmedAt = at, UpdatedAt = at }, current.Version, Ct));
    }

    private static async Task RunAndDeliverAsync(TestApp app)
    {
        await app.Function<AskProjectConfirmationsFunction>().AskProjectConfirmations(new TimerInfo(), Ct);
        var drain = await app.DeliverQueuedMailAsync(Ct);
        Assert.Empty(drain.Failures);
    }
}
