using System.Globalization;
using CoP.Shared.Email;
using CoP.Shared.Email.Queue;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Projects.Review;

/// <summary>A review decision's mail as it waits in the queue: ids, the decision and the operator's note, no address.</summary>
public sealed record QueuedProjectReview(string ProjectId, string Review, string? Note);

/// <summary>
/// Tells a project's owner the operators' decision: "project-approved" (a link to its page) or "project-rejected" (the
/// note and a link to the edit form). One mail per decision: its id is derived from the project and the decision's
/// time, so a retried review queues the same mail again and the delivery ledger sends it once.
/// </summary>
public sealed class ProjectReviewMails(QueuedMail queue)
{
    public const string MailKind = "project-review";

    /// <summary>Queues the mail of the decision <paramref name="project"/> stands under; nothing for a project never reviewed.</summary>
    public async Task EnqueueAsync(Project project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project is not { ReviewedAt: { } reviewedAt, Review: ProjectReview.Approved or ProjectReview.Rejected })
        {
            return;
        }

        var review = ProjectNames.Of(project.Review);
        var key = string.Create(CultureInfo.InvariantCulture, $"{project.ProjectId}|{review}|{reviewedAt.UtcTicks}");
        await queue.EnqueueOnceAsync(MailKind, key, new QueuedProjectReview(project.ProjectId, review, project.ReviewNote), cancellationToken);
    }
}

/// <summary>
/// A queued decision becomes the owner's mail, from what is true when it is prepared: nothing for a project that is gone,
/// has no contact (erased) or stands otherwise by now (approved since a rejection, or taken off the map since an approval).
/// Categories and custom args carry ids only.
/// </summary>
public sealed class ProjectReviewMailPreparer(ProjectStore projects, MemberStore members, EmailComposer composer, IOptions<MembershipOptions> membership) : IMailPreparer
{
    public string Kind => ProjectReviewMails.MailKind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queued = request.PayloadAs<QueuedProjectReview>();
        var approved = queued.Review == ProjectNames.Of(ProjectReview.Approved);
        if (await projects.GetAsync(queued.ProjectId, cancellationToken) is not { Project: { ContactMemberId: { } contactId } project }
            || (project.Review == ProjectReview.Approved) != approved
            || await members.GetAsync(contactId, cancellationToken) is not { } member)
        {
            return null;
        }

        var title = project.TextIn(member.Language).Title;
        var (template, category, model) = approved
            ? (EmailTemplate.ProjectApproved, "project-approved", (object)new { Title = title, ProjectUrl = Link(project.ProjectId, "") })
            : (EmailTemplate.ProjectRejected, "project-rejected", new { Title = title, Note = queued.Note ?? "", ProjectUrl = Link(project.ProjectId, ""), EditUrl = Link(project.ProjectId, "/edit") });
        return composer.Compose(template, member.Language, model)
            .To(member.Email, category, new Dictionary<string, string> { ["memberId"] = member.MemberId, ["projectId"] = project.ProjectId });
    }

    private string Link(string projectId, string page) =>
        $"{membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/')}/api/projects/{Uri.EscapeDataString(projectId)}{page}";
}
