using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Projects.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Projects;

/// <summary>
/// POST /api/console/projects/{projectId}/contact (<c>contact</c>: a member id, or an address found through the hashed
/// index as the members page finds it; <c>version</c> the page was made from): makes a confirmed member the project's
/// contact (a project whose contact erased their data, or one handed over) through the service the operators' routes
/// share. Audited as <c>project.assign-contact</c> with the member id (never the address); 303 to the project's page. An
/// unknown or unconfirmed member comes back as the form with its error (400); a project changed since the page was loaded
/// gets its page again with a notice (409); an unknown id the 404 page.
/// </summary>
public sealed class AssignConsoleProjectContactFunction(ConsoleGate gate, ConsoleProjectPages pages, MemberListing members, ProjectReviewService reviews)
{
    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>The longest value the field takes (an address's longest), and shows back.</summary>
    private const int MaxContactLength = 254;

    [Function(nameof(AssignConsoleProjectContact))]
    public async Task<IResult> AssignConsoleProjectContact(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/projects/{projectId}/contact")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await AssignAsync(session, projectId, fields, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> AssignAsync(ConsoleSession.Open session, string projectId, IFormCollection fields, CancellationToken cancellationToken)
    {
        if (await pages.ReadAsync(projectId, cancellationToken) is not { } before)
        {
            return ProjectPage.Missing(session);
        }

        var contact = fields["contact"].ToString().Trim();
        var id = before.Stored.Project.ProjectId;
        IResult Refused(string error) => ProjectPage.Show(
            StatusCodes.Status400BadRequest, session, before, ProjectPage.ReviewForm.Empty,
            new ProjectPage.ContactForm(ProjectPage.Bounded(contact, MaxContactLength), error), ProjectPage.Notices.None);

        if (contact.Length == 0)
        {
            return Refused("required");
        }

        if (await FindAsync(contact, cancellationToken) is not { } member)
        {
            return Refused("unknown");
        }

        if (member.Status != MemberStatus.Confirmed)
        {
            return Refused("not-confirmed");
        }

        switch (await reviews.AssignContactAsync(id, member.MemberId, ReviewConsoleProjectFunction.Version(fields), cancellationToken))
        {
            case ContactChange.Assigned { Project: var after }:
                var detail = after.Version == before.Stored.Version ? $"member {member.MemberId}, unchanged" : $"member {member.MemberId}";
                await gate.RecordAsync(session, "project.assign-contact", id, detail, cancellationToken);
                return HtmlPages.SeeOther($"{ProjectPage.Url(id)}?done=contact");
            case ContactChange.MemberNotFound:
                return Refused("unknown");
            case ContactChange.NotFound:
                return ProjectPage.Missing(session);
            case ContactChange.VersionMismatch:
                return await pages.ShowAsync(
                    session, id, StatusCodes.Status409Conflict, ProjectPage.ReviewForm.Empty,
                    new ProjectPage.ContactForm(ProjectPage.Bounded(contact, MaxContactLength), ""), ProjectPage.Notices.Changed, cancellationToken);
            default:
                throw new UnreachableException();
        }
    }

    // A member id names the member; anything with an @ is looked up as an address (exactly, through the hashed index).
    private async Task<Member?> FindAsync(string contact, CancellationToken cancellationToken)
    {
        var record = MemberStore.IsValidMemberId(contact) ? await members.GetAsync(contact, cancellationToken)
            : contact.Contains('@', StringComparison.Ordinal) ? await members.FindByEmailAsync(contact, cancellationToken)
            : null;
        return record?.Member;
    }
}
