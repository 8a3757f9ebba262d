using System.Collections.Frozen;
using CoP.Functions.Http;
using CoP.Functions.Projects.Forms;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>
/// The member's own pages: the profile form (with what the session's link allows besides: export, erase and revoking
/// links for an account link, mailing one for a profile link), the projects they map, and the answers around it.
/// </summary>
public static class ProfilePage
{
    /// <summary>The profile page's own address, where its form posts and its post/redirect/get lands.</summary>
    public const string Path = "/api/members/me";

    private static readonly FrozenDictionary<string, string> LanguageNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["en"] = "English", ["fr"] = "Français", ["es"] = "Español", ["pt"] = "Português", ["de"] = "Deutsch",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The profile form as stored, with "saved" after a post/redirect/get, and the projects the member maps.</summary>
    public static IResult Show(MemberSession.Open session, IReadOnlyList<Topic> active, IReadOnlyList<Project> projects, bool saved)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Render(StatusCodes.Status200OK, session, active, projects, ProfileForm.Of(session.Member.ToMember()), [], saved ? "saved" : null);
    }

    /// <summary>The form again with what was posted and which fields were refused (400), or a conflict to retry (409).</summary>
    public static IResult Refused(
        int status, MemberSession.Open session, IReadOnlyList<Topic> active, IReadOnlyList<Project> projects, ProfileForm posted, IEnumerable<string> invalid)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Render(status, session, active, projects, posted, [.. invalid], status == StatusCodes.Status409Conflict ? "conflict" : null);
    }

    /// <summary>No session allows the page: the link expired, was revoked or is not one; a new one is a form away (401).</summary>
    public static IResult LinkExpired() => HtmlPages.Page(StatusCodes.Status401Unauthorized, "profile-link-expired");

    /// <summary>A form posted without its session's anti-forgery field (another site, or a page kept open past a new link): 403.</summary>
    public static IResult FormExpired() => HtmlPages.Page(StatusCodes.Status403Forbidden, "session-form-expired");

    /// <summary>A form whose change met another change of the same account at that moment (a double click): 409, nothing changed.</summary>
    public static IResult ChangedMeanwhile() => HtmlPages.Page(StatusCodes.Status409Conflict, "changed-meanwhile");

    private static IResult Render(
        int status, MemberSession.Open session, IReadOnlyList<Topic> active, IReadOnlyList<Project> projects, ProfileForm values, string[] invalid, string? notice)
    {
        var member = session.Member.ToMember();
        var held = member.Topics.ToHashSet(StringComparer.Ordinal);
        var chosen = values.Topics.ToHashSet(StringComparer.Ordinal);
        var offered = active.Select(topic => new { topic.Slug, topic.Name, Checked = chosen.Contains(topic.Slug), Retired = false }).ToList();
        var activeSlugs = active.Select(topic => topic.Slug).ToHashSet(StringComparer.Ordinal);

        // Topics retired since the member chose them stay theirs until they untick them; no new member can choose them.
        offered.AddRange(held.Where(slug => !activeSlugs.Contains(slug)).Order(StringComparer.Ordinal)
            .Select(slug => new { Slug = slug, Name = slug, Checked = chosen.Contains(slug), Retired = true }));
        var languages = TemplateLanguages.All.Append(member.Language).Distinct(StringComparer.Ordinal)
            .Select(code => new { Code = code, Name = LanguageNames.GetValueOrDefault(code, code), Selected = string.Equals(code, values.Language, StringComparison.Ordinal) })
            .ToList();
        var country = values.Country?.Trim().ToUpperInvariant();
        var countries = Countries.Named
            .Select(c => new { c.Code, c.Name, Selected = string.Equals(c.Code, country, StringComparison.Ordinal) })
            .ToList();
        return HtmlPages.Page(status, "profile", language => new
        {
            Action = Path,
            member.Email,
            // The templates refuse undefined values: what is not there is empty.
            Name = values.Name ?? "",
            Organization = values.Organization ?? "",
            Role = values.Role ?? "",
            Newsletter = values.Newsletter ?? "",
            Topics = offered,
            Languages = languages,
            Countries = countries,
            Invalid = invalid,
            Notice = notice ?? "",
            Account = session.Purpose == TokenPurpose.Account,
            Projects = MyProjects.View(projects, language),
            NewProject = ProjectFormPage.NewPath,
            session.FormToken,
            FormTokenField = MemberSessions.FormTokenField,
        }, memberLanguage: member.Language);
    }
}
