using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;

namespace CoP.Functions.Console.Newsletter;

/// <summary>
/// The model of a newsletter issue's console page, and what the documented rules let an operator do with the issue
/// (shared/Newsletter/README.md, "When the newsletter fails"): finish an issue that was held or left unfinished
/// (a send naming it), and, for one that needs attention, send its batches of unknown outcome again (after checking
/// SendGrid's activity feed) or its refused batches (once the cause is fixed). Nothing while a run holds it.
/// </summary>
public static class IssuePage
{
    /// <summary>The <c>resend</c> field of the issue's send form: finish it, or send these batches again.</summary>
    public const string Finish = "finish", Unknown = "unknown", Refused = "refused";

    /// <summary>What the page says at its top: <c>sent</c> (a send was queued), <c>busy</c> or <c>emailNotReady</c>.</summary>
    public sealed record Outcome(string Kind);

    public static bool CanFinish(NewsletterIssueStatus status) =>
        !status.Running && status.Issue.IssueState is IssueState.Held or IssueState.NeedsAttention or IssueState.Sending;

    public static bool CanResendUnknown(NewsletterIssueStatus status) =>
        !status.Running && status.Issue.IssueState == IssueState.NeedsAttention
        && status.BatchesNeedingAttention.Any(batch => batch.BatchState == BatchState.Sending);

    public static bool CanResendRefused(NewsletterIssueStatus status) =>
        !status.Running && status.Issue.IssueState == IssueState.NeedsAttention
        && status.BatchesNeedingAttention.Any(batch => batch.BatchState == BatchState.Refused);

    public static object Model(NewsletterIssueStatus status, NewsletterComposer composer, Outcome? outcome, string language)
    {
        var issue = status.Issue;
        // A new issue's period is empty until its content is composed.
        var composed = issue.PeriodEnd > issue.PeriodStart;
        return new
        {
            issue.IssueId,
            State = NewsletterPage.StateName(issue.IssueState),
            Waits = NewsletterPage.WaitsForOperator(issue),
            status.Running,
            issue.Subject,
            Slot = ConsoleFormat.Time(issue.SlotAt, language),
            PeriodStart = composed ? ConsoleFormat.Time(issue.PeriodStart, language) : "",
            PeriodEnd = composed ? ConsoleFormat.Time(issue.PeriodEnd, language) : "",
            SentAt = issue.SentAt is { } sent ? ConsoleFormat.Time(sent, language) : "",
            issue.Recipients,
            issue.Unknown,
            issue.Refused,
            issue.Waiting,
            Why = issue.Note ?? "",
            Batches = status.BatchesNeedingAttention.Select(batch => new
            {
                BatchId = batch.Key,
                State = batch.BatchState == BatchState.Refused ? "refused" : batch.LastEvent is null ? "unknown" : "reported",
                Recipients = batch.Recipients ?? 0,
                AttemptedAt = batch.AttemptedAt is { } at ? ConsoleFormat.Time(at, language) : "",
                StatusCode = batch.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            }).ToArray(),
            ArchiveUrl = issue.IssueState == IssueState.Sent ? composer.ArchiveUrl(issue.IssueId) : "",
            CanFinish = CanFinish(status),
            CanResendUnknown = CanResendUnknown(status),
            CanResendRefused = CanResendRefused(status),
            Outcome = outcome?.Kind ?? "",
        };
    }
}
