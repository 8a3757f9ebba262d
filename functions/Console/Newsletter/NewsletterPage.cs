using System.Text.Json;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Issues;

namespace CoP.Functions.Console.Newsletter;

/// <summary>
/// The model of the console's newsletter page, shared by the page, the note form's refusal and a send that cannot be
/// queued: the next slot, the issue a send now works on, the editorial note, and the issues newest first.
/// </summary>
public static class NewsletterPage
{
    /// <summary>At most this many issues are listed (a year of weekly issues); those that wait for an operator always are.</summary>
    public const int MaxListed = 52;

    /// <summary>What the page shows, read once per request.</summary>
    public sealed record Figures(DateTimeOffset NextSlotAt, string CurrentIssueId, NewsletterIssueEntity? Current, string? Note, IReadOnlyList<NewsletterIssueEntity> Issues);

    /// <summary>The note form's value and its error (empty when there is none).</summary>
    public sealed record NoteForm(string Note, string Error);

    /// <summary>
    /// What the page says at its top: <c>noted</c> (the note was saved or cleared), or why a send could not be queued
    /// (<c>busy</c>: a run holds the issue; <c>emailNotReady</c>: email cannot leave).
    /// </summary>
    public sealed record Outcome(string Kind);

    public static async Task<Figures> ReadAsync(
        NewsletterService newsletter, NewsletterIssueStore store, NewsletterSchedule schedule, TimeProvider time, CancellationToken cancellationToken)
    {
        var all = new List<NewsletterIssueEntity>();
        await foreach (var issue in store.ListIssuesAsync(cancellationToken))
        {
            all.Add(issue);
        }

        all.Reverse();
        var currentId = newsletter.CurrentIssueId;
        var listed = all.Where((issue, index) => index < MaxListed || WaitsForOperator(issue)).ToList();
        return new Figures(schedule.NextSlot(time.GetUtcNow()), currentId, all.Find(issue => issue.IssueId == currentId), await newsletter.GetNoteAsync(cancellationToken), listed);
    }

    /// <summary>Held after a late start, or sent with failures: only an operator's send changes it.</summary>
    public static bool WaitsForOperator(NewsletterIssueEntity issue) =>
        issue.IssueState is IssueState.Held or IssueState.NeedsAttention;

    /// <summary>An issue's state as the JSON status names it (<c>needsAttention</c>), which the templates translate.</summary>
    public static string StateName(IssueState state) => JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    public static object Model(Figures figures, NoteForm? form, Outcome? outcome, string language) => new
    {
        NextSlot = ConsoleFormat.Time(figures.NextSlotAt, language),
        figures.CurrentIssueId,
        CurrentState = figures.Current is { } current ? StateName(current.IssueState) : "",
        Note = form?.Note ?? figures.Note ?? "",
        NoteError = form?.Error ?? "",
        HasNote = figures.Note is not null,
        Noted = outcome?.Kind == "noted",
        Refusal = outcome is { Kind: "busy" or "emailNotReady" } ? outcome.Kind : "",
        Waiting = figures.Issues.Where(WaitsForOperator).Select(issue => Row(issue, language)).ToArray(),
        Issues = figures.Issues.Select(issue => Row(issue, language)).ToArray(),
    };

    private static object Row(NewsletterIssueEntity issue, string language) => new
    {
        issue.IssueId,
        State = StateName(issue.IssueState),
        Waits = WaitsForOperator(issue),
        Slot = ConsoleFormat.Time(issue.SlotAt, language),
        SentAt = issue.SentAt is { } sent ? ConsoleFormat.Time(sent, language) : "",
        issue.Recipients,
        issue.Unknown,
        issue.Refused,
        issue.Waiting,
    };
}
