using CoP.Shared.Console;
using CoP.Shared.Email;
using CoP.Shared.Email.Queue;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Projects.Submission;

/// <summary>An operators' notice as it waits in the mail queue: the project and the operator's hashed id, no address.</summary>
public sealed record QueuedProjectSubmitted(string ProjectId, string OperatorId, bool Resubmitted);

/// <summary>
/// Tells the operators that a project waits for review (a new one, or a rejected one its owner changed): one mail per
/// operator the setting names now (<c>Console__Operators</c>), each queued once per submission however often it is
/// queued (its id derives from the project, the operator and the moment of the submission).
/// </summary>
public sealed class ProjectSubmittedNotices(QueuedMail mail, OperatorDirectory operators, IOptions<ConsoleOptions> console)
{
    public const string Kind = "project-submitted";

    public async Task QueueAsync(Project project, bool resubmitted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var ids = OperatorDirectory.Split(console.Value.Operators).Select(address => operators.Find(address)?.Id).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var operatorId in ids)
        {
            var key = $"{project.ProjectId}|{operatorId}|{project.UpdatedAt.UtcTicks}";
            await mail.EnqueueOnceAsync(Kind, key, new QueuedProjectSubmitted(project.ProjectId, operatorId, resubmitted), cancellationToken);
        }
    }
}

/// <summary>
/// A queued notice becomes one operator's mail: ids and the title only, and the link to the project in the console. The
/// address is found now, in the setting as it stands: an operator removed since gets nothing, and a project no longer
/// waiting for review (decided before the mail left) needs no notice. In the community's default language.
/// </summary>
public sealed class ProjectSubmittedMailPreparer(
    ProjectStore projects, OperatorDirectory operators, IOptions<ConsoleOptions> console, ProjectLinks links, EmailComposer composer) : IMailPreparer
{
    public string Kind => ProjectSubmittedNotices.Kind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notice = request.PayloadAs<QueuedProjectSubmitted>();
        var address = OperatorDirectory.Split(console.Value.Operators).FirstOrDefault(a => operators.Find(a)?.Id == notice.OperatorId);
        if (address is null || await projects.GetAsync(notice.ProjectId, cancellationToken) is not { Project: { Review: ProjectReview.Pending } project })
        {
            return null;
        }

        return composer.Compose(EmailTemplate.ProjectSubmitted, EmailComposer.DefaultLanguage, new
        {
            project.TextIn(EmailComposer.DefaultLanguage).Title,
            project.ProjectId,
            ConsoleUrl = links.Console(project.ProjectId).AbsoluteUri,
            notice.Resubmitted,
        }).To(address, Kind, new Dictionary<string, string> { ["operator"] = notice.OperatorId, ["projectId"] = project.ProjectId });
    }
}
