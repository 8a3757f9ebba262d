using System.Net;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Tests.Browser;
using static CoP.Tests.Console.ConsoleClient;
using static CoP.Tests.Console.ConsoleProjectFlows;

namespace CoP.Tests.Console;

/// <summary>
/// The console's project actions over real HTTP: approval and rejection through the review service (the owner mailed,
/// one audit row naming the project), a decision on a page the owner changed since, the same approval twice at once, and
/// a new contact by address or member id; refusals re-render the form and change nothing.
/// </summary>
public sealed class ConsoleProjectActionsTests(StorageFixture storage)
{
    private const string Unknown = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task ApprovingAPendingProjectPublishesItMailsTheOwnerAndRecordsTheAuditRow()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var owner = await ConfirmedAsync(host, "amina.diallo@example.org");
        var projectId = (await StoreAsync(host, owner.MemberId, Pending)).Project.ProjectId;
        using var client = await SignInAsync(host);
        var version = await VersionOnPageAsync(client, projectId);

        using var approved = await client.PostAsync($"/api/console/projects/{projectId}/review", new() { ["decision"] = "approve", ["version"] = version });
        using var list = await client.GetAsync(approved.Headers.Location!.ToString());
        var html = await list.Content.ReadAsStringAsync(Ct);
        var mails = await host.DeliverMailAsync(Ct);

        Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        Assert.Equal($"/api/console/projects?done=approved&project={projectId}", approved.Headers.Location.ToString());
        Assert.Contains("Approved: <a href=", html, StringComparison.Ordinal);
        Assert.Contains("No project is waiting for review.", html, StringComparison.Ordinal);
        var project = await ReadAsync(host, projectId);
        Assert.Equal(ProjectReview.Approved, project.Review);
        Assert.NotNull(project.ApprovedAt);
        Assert.Contains(mails, mail => mail.To == "amina.diallo@example.org" && mail.Text.Contains($"/api/projects/{projectId}", StringComparison.Ordinal));
        var row = Assert.Single(await AuditAsync(host));
        Assert.Equal(("project.approve", projectId, ""), (row.Action, row.Target, row.Detail));
    }

    [Fact]
    public async Task ARejectionNeedsANoteAnApprovalTakesNoneAndTheOwnerReadsTheNote()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var owner = await ConfirmedAsync(host, "amina.diallo@example.org");
        var projectId = (await StoreAsync(host, owner.MemberId, Pending)).Project.ProjectId;
        using var client = await SignInAsync(host);
        var path = $"/api/console/projects/{projectId}/review";

        using var withoutNote = await client.PostAsync(path, new() { ["decision"] = "reject", ["note"] = "   " });
        using var approvalWithNote = await client.PostAsync(path, new() { ["decision"] = "approve", ["note"] = "Looks good." });
        using var unknownDecision = await client.PostAsync(path, new() { ["decision"] = "publish" });
        using var markup = await client.PostAsync(path, new() { ["decision"] = "reject", ["note"] = "<script>alert(1)</script>\u0007" });
        var stillPending = (await ReadAsync(host, projectId)).Review;
        using var rejected = await client.PostAsync(path, new() { ["decision"] = "reject", ["note"] = "Please give the registry page of the project." });
        var mails = await host.DeliverMailAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, withoutNote.StatusCode);
        Assert.Contains("Say why the project is rejected: its owner reads it.", await withoutNote.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, approvalWithNote.StatusCode);
        var refusedApproval = await approvalWithNote.Content.ReadAsStringAsync(Ct);
        Assert.Contains("A note goes with a rejection only: clear it to approve.", refusedApproval, StringComparison.Ordinal);
        Assert.Contains(">Looks good.</textarea>", refusedApproval, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownDecision.StatusCode);
        Assert.Contains("Choose to approve or to reject the project.", await unknownDecision.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, markup.StatusCode);
        var refusedMarkup = await markup.Content.ReadAsStringAsync(Ct);
        Assert.Contains("aria-invalid=\"true\"", refusedMarkup, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", refusedMarkup, StringComparison.Ordinal);
        Assert.Equal(ProjectReview.Pending, stillPending);
        Assert.Equal(HttpStatusCode.SeeOther, rejected.StatusCode);
        Assert.Equal($"/api/console/projects?done=rejected&project={projectId}", rejected.Headers.Location?.ToString());
        var project = await ReadAsync(host, projectId);
        Assert.Equal((ProjectReview.Rejected, "Please give the registry page of the project."), (project.Review, project.ReviewNote));
        Assert.Contains(mails, mail => mail.To == "amina.diallo@example.org" && mail.Text.Contains("Please give the registry page of the project.", StringComparison.Ordinal));
        var row = Assert.Single(await AuditAsync(host));
        Assert.Equal(("project.reject", projectId), (row.Action, row.Target));
        Assert.DoesNotContain("registry", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADecisionOnAPageLoadedBeforeTheOwnersChangeIsRefusedWithTheChangedNotice()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var projectId = (await StoreAsync(host, change: Pending)).Project.ProjectId;
        using var client = await SignInAsync(host);
        var seen = await VersionOnPageAsync(client, projectId);
        var store = host.App.Get<ProjectStore>();
        var now = (await store.GetAsync(projectId, Ct))!;
        Assert.NotNull(await store.TryReplaceAsync(now.Project with { AdministrativeArea = "Siaya County" }, now.Version, Ct));

        using var stale = await client.PostAsync($"/api/console/projects/{projectId}/review", new() { ["decision"] = "approve", ["version"] = seen });
        var html = await stale.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("The project changed since you opened this page.", html, StringComparison.Ordinal);
        Assert.Contains("Siaya County", html, StringComparison.Ordinal);
        Assert.Equal(ProjectReview.Pending, (await ReadAsync(host, projectId)).Review);
        Assert.Empty(await AuditAsync(host));
    }

    [Fact]
    public async Task TheSameApprovalTwiceAtOnceApprovesOnceAndMailsTheOwnerOnce()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var owner = await ConfirmedAsync(host, "amina.diallo@example.org");
        var projectId = (await StoreAsync(host, owner.MemberId, Pending)).Project.ProjectId;
        using var client = await SignInAsync(host);
        var version = await VersionOnPageAsync(client, projectId);
        var before = (await host.DeliverMailAsync(Ct)).Count;

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            client.PostAsync($"/api/console/projects/{projectId}/review", new() { ["decision"] = "approve", ["version"] = version })));
        var mails = (await host.DeliverMailAsync(Ct)).Skip(before).ToList();

        Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.SeeOther, HttpStatusCode.Conflict }));
        Assert.Contains(answers, answer => answer.StatusCode == HttpStatusCode.SeeOther);
        Assert.Equal(ProjectReview.Approved, (await ReadAsync(host, projectId)).Review);
        Assert.Single(mails, mail => mail.To == "amina.diallo@example.org");
        Assert.Single(await AuditAsync(host), row => row.Detail != "unchanged");
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task AContactGivenByAddressBecomesTheOwnerAndTheAuditRowNamesTheMemberIdOnly()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var member = await ConfirmedAsync(host, "kwame.mensah@example.org");
        var projectId = (await StoreAsync(host, null)).Project.ProjectId;
        using var client = await SignInAsync(host);

        using var assigned = await client.PostAsync($"/api/console/projects/{projectId}/contact", new() { ["contact"] = "  Kwame.Mensah@Example.org " });
        using var page = await client.GetAsync(assigned.Headers.Location!.ToString());
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.SeeOther, assigned.StatusCode);
        Assert.Equal($"/api/console/projects/{projectId}?done=contact", assigned.Headers.Location.ToString());
        Assert.Contains("The contact is assigned.", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/console/members/{member.MemberId}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("kwame.mensah", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(member.MemberId, (await ReadAsync(host, projectId)).ContactMemberId);
        var row = Assert.Single(await AuditAsync(host));
        Assert.Equal(("project.assign-contact", projectId, $"member {member.MemberId}"), (row.Action, row.Target, row.Detail));
    }

    [Fact]
    public async Task AProjectIsHandedOverByMemberIdAndTheSameHandOverAgainChangesNothing()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var member = await ConfirmedAsync(host, "kwame.mensah@example.org");
        var projectId = (await StoreAsync(host, "0123456789abcdef0123456789abcdee")).Project.ProjectId;
        using var client = await SignInAsync(host);

        using var first = await client.PostAsync($"/api/console/projects/{projectId}/contact", new() { ["contact"] = member.MemberId });
        using var again = await client.PostAsync($"/api/console/projects/{projectId}/contact", new() { ["contact"] = member.MemberId });

        Assert.Equal((HttpStatusCode.SeeOther, HttpStatusCode.SeeOther), (first.StatusCode, again.StatusCode));
        Assert.Equal(member.MemberId, (await ReadAsync(host, projectId)).ContactMemberId);
        Assert.Equal([$"member {member.MemberId}", $"member {member.MemberId}, unchanged"], (await AuditAsync(host)).OrderBy(row => row.At).Select(row => row.Detail));
    }

    [Theory]
    [InlineData("", "Give the member’s id or email address.")]
    [InlineData("nobody@example.org", "No member has this id or email address.")]
    [InlineData("<script>alert(1)</script>", "No member has this id or email address.")]
    [InlineData(Unknown, "No member has this id or email address.")]
    public async Task AnUnknownContactIsRefusedBesideTheFieldAndNothingChanges(string contact, string error)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var projectId = (await StoreAsync(host, null)).Project.ProjectId;
        using var client = await SignInAsync(host);

        using var refused = await client.PostAsync($"/api/console/projects/{projectId}/contact", new() { ["contact"] = contact });
        var html = await refused.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"<span class=\"error\" id=\"contact-error\">{error}</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.True((await ReadAsync(host, projectId)).NeedsContact);
        Assert.Empty(await AuditAsync(host));
    }

    [Fact]
    public async Task AMemberWhoHasNotConfirmedCannotBecomeTheContact()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        await BrowserWalks.RegisterAsync(host, "waiting@example.org");
        var waiting = (await Members.MemberTestFlows.MemberByEmailAsync(host.App, "waiting@example.org"))!;
        Assert.Equal(nameof(MemberStatus.Pending), waiting.Status);
        var projectId = (await StoreAsync(host, null)).Project.ProjectId;
        using var client = await SignInAsync(host);

        using var refused = await client.PostAsync($"/api/console/projects/{projectId}/contact", new() { ["contact"] = waiting.MemberId });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("This member has not confirmed their registration yet.", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True((await ReadAsync(host, projectId)).NeedsContact);
    }

    [Theory]
    [InlineData("review", "approve")]
    [InlineData("contact", "")]
    public async Task AnActionOnAnUnknownProjectGetsTheMissingPage(string action, string decision)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var answer = await client.PostAsync($"/api/console/projects/{Unknown}/{action}", new() { ["decision"] = decision, ["contact"] = "someone@example.org" });

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Empty(await AuditAsync(host));
    }
}
