using System.Text.RegularExpressions;
using CoP.Shared.Console;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Tests.Browser;
using CoP.Tests.Members;
using CoP.Tests.Projects;
using static CoP.Tests.Console.ConsoleClient;

namespace CoP.Tests.Console;

/// <summary>What the console's projects tests share: projects stored as a member's submission leaves them, members, the audit rows.</summary>
internal static partial class ConsoleProjectFlows
{
    /// <summary>A project as stored (approved unless <paramref name="change"/> says otherwise), contact <paramref name="contactMemberId"/>.</summary>
    public static async Task<StoredProject> StoreAsync(FunctionsTestHost host, string? contactMemberId = "member-1", Func<Project, Project>? change = null) =>
        await host.App.Get<ProjectStore>().AddAsync(ProjectTestData.NewProject(contactMemberId, change), Ct);

    /// <summary>A submission waiting for review, as SubmitProject leaves it.</summary>
    public static Project Pending(Project project) =>
        project with { Review = ProjectReview.Pending, ReviewedAt = null, ApprovedAt = null, EditedSinceReview = false };

    public static async Task<Project> ReadAsync(FunctionsTestHost host, string projectId) =>
        (await host.App.Get<ProjectStore>().GetAsync(projectId, Ct))!.Project;

    /// <summary>A member who registered and confirmed through the app's own routes (so that the address finds them).</summary>
    public static async Task<MemberEntity> ConfirmedAsync(FunctionsTestHost host, string email)
    {
        var link = await BrowserWalks.RegisterAsync(host, email);
        Assert.Equal(200, (await MemberTestFlows.ConfirmAsync(host.App, TokenOf(link))).Status);
        return (await MemberTestFlows.MemberByEmailAsync(host.App, email))!;
    }

    /// <summary>The version a project's console page carries in its forms.</summary>
    public static async Task<string> VersionOnPageAsync(ConsoleClient client, string projectId)
    {
        using var page = await client.GetAsync($"/api/console/projects/{projectId}");
        var html = await page.Content.ReadAsStringAsync(Ct);
        var match = VersionField().Match(html);
        Assert.True(match.Success, "The page has no version field.");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The projects area's audit rows.</summary>
    public static async Task<List<AuditEntry>> AuditAsync(FunctionsTestHost host) =>
        await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(entry => entry.Action.StartsWith("project.", StringComparison.Ordinal)).ToListAsync(Ct);

    [GeneratedRegex("name=\"version\" value=\"([^\"]*)\"")]
    private static partial Regex VersionField();
}
