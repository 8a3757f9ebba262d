using System.Diagnostics;
using CoP.Shared.Email.Queue;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Projects.Contacts;

/// <summary>What one run queued: confirmation mails, and the overdue projects without a contact to ask.</summary>
public sealed record ProjectConfirmationReport(int Asked, int WithoutContact);

/// <summary>
/// One run of the yearly confirmation (the <c>AskProjectConfirmations</c> timer). Every pending or approved project whose
/// record was last confirmed more than <see cref="ProjectConfirmationOptions.Period"/> ago has its contact asked, once
/// for that period: the owner's confirmation (or any change they save) starts a new period. Rejected projects are not
/// asked; projects without a contact wait for an operator to find one (who is then asked, if still overdue).
/// <para>
/// Exactly once, across overlapping runs and retries: each mail is claimed in <c>ProjectConfirmations</c> before it is
/// queued (<see cref="ProjectConfirmationStore"/>), and its mail id is derived from the project, the period and the
/// contact, so a run that dies between the claim and the queue leaves the claim to a later run, which queues the same
/// mail id; the delivery ledger sends a mail id once however often it was queued.
/// </para>
/// </summary>
public sealed partial class ProjectConfirmationRun(
    ProjectStore projects, ProjectConfirmationStore claims, QueuedMail mail, TimeProvider time, ILogger<ProjectConfirmationRun> logger)
{
    public async Task<ProjectConfirmationReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var runId = Guid.NewGuid().ToString("N");
        int asked = 0, withoutContact = 0;
        foreach (var project in await projects.ListAllAsync(cancellationToken))
        {
            if (project.Review == ProjectReview.Rejected || !ProjectConfirmationOptions.IsOverdue(project, now))
            {
                continue;
            }

            if (project.ContactMemberId is not { } contact)
            {
                withoutContact++;
                continue;
            }

            var request = new QueuedProjectConfirmation(project.ProjectId, contact, project.LastConfirmedAt);
            switch (await claims.TryClaimAsync(project.ProjectId, ProjectConfirmationEntity.RowKeyOf(project.LastConfirmedAt, contact), runId, cancellationToken))
            {
                case ConfirmationClaim.Claimed claimed:
                    await mail.EnqueueOnceAsync(ProjectConfirmationMails.Kind, ProjectConfirmationMails.Key(request), request, cancellationToken);
                    await claims.MarkQueuedAsync(claimed.Row, cancellationToken);
                    asked++;
                    break;
                case ConfirmationClaim.AlreadyQueued or ConfirmationClaim.HeldByAnotherRun:
                    break;
                default:
                    throw new UnreachableException();
            }
        }

        LogRun(logger, asked, withoutContact);
        return new ProjectConfirmationReport(asked, withoutContact);
    }

    [LoggerMessage(EventId = 12120, Level = LogLevel.Information, Message = "Project confirmations: {Asked} contact(s) asked; {WithoutContact} overdue project(s) have no contact to ask")]
    private static partial void LogRun(ILogger logger, int asked, int withoutContact);
}
