using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Projects;

/// <summary>
/// The absolute addresses of projects, from <c>Membership__PublicApiBaseUrl</c>: a project's page, its edit form, the
/// map page and the operators' console page. Mails, pages, the GeoJSON and CSV and the newsletter all link through
/// here, so a project has one address everywhere.
/// </summary>
public sealed class ProjectLinks(IOptions<MembershipOptions> membership)
{
    private string Base => membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/');

    /// <summary>The project's page (JSON for scripts, HTML for browsers): <c>{base}/api/projects/{projectId}</c>.</summary>
    public Uri Page(string projectId) => new($"{Base}/api/projects/{Uri.EscapeDataString(projectId)}");

    /// <summary>The owner's edit form: <c>{base}/api/projects/{projectId}/edit</c>.</summary>
    public Uri Edit(string projectId) => new($"{Base}/api/projects/{Uri.EscapeDataString(projectId)}/edit");

    /// <summary>The map page with the list of projects: <c>{base}/api/projects</c>.</summary>
    public Uri Map() => new($"{Base}/api/projects");

    /// <summary>The submit form: <c>{base}/api/projects/new</c>.</summary>
    public Uri New() => new($"{Base}/api/projects/new");

    /// <summary>The project in the operators' console: <c>{base}/api/console/projects/{projectId}</c>.</summary>
    public Uri Console(string projectId) => new($"{Base}/api/console/projects/{Uri.EscapeDataString(projectId)}");
}
