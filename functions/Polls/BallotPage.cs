using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Polls;
using CoP.Shared.Templates;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Polls;

/// <summary>What a vote link's <c>token</c> query parameter grants on the ballot page.</summary>
public enum BallotLink
{
    /// <summary>No token in the link: the page only shows the poll.</summary>
    None,

    /// <summary>An access token of a confirmed member: the page shows the ballot form.</summary>
    Valid,

    /// <summary>Expired, tampered, of another purpose, or of a member who is gone or unconfirmed.</summary>
    Invalid,

    /// <summary>A valid link of a member who confirmed too late to vote in this poll (<see cref="Poll.EligibleConfirmedBefore"/>).</summary>
    NotEligible,
}

/// <summary>
/// The browser's vote session on a ballot page: the anti-forgery value its form carries, and the member's recorded
/// ballot (option ids in their order), if any.
/// </summary>
public sealed record BallotVoter(string FormToken, IReadOnlyList<string>? Recorded);

/// <summary>
/// The page a member's personal vote link opens in a browser (<c>GET /api/polls/{pollId}</c>, after the link's token
/// became the session): the poll, the member's recorded ballot, and while the poll is open, a form that posts the
/// ballot to <c>CastBallot</c> in the fields <see cref="BallotBody"/> reads (<c>formToken</c>; <c>choices</c>, or
/// for a ranking one <c>rank-&lt;option id&gt;</c> per option).
/// </summary>
public static class BallotPage
{
    private static readonly Dictionary<string, (CultureInfo Culture, string Pattern)> DateFormats = new(StringComparer.Ordinal)
    {
        ["en"] = (CultureInfo.InvariantCulture, "dddd d MMMM yyyy, HH:mm 'UTC'"),
        ["fr"] = (CultureInfo.GetCultureInfo("fr-FR"), "dddd d MMMM yyyy, HH:mm 'UTC'"),
        ["es"] = (CultureInfo.GetCultureInfo("es-ES"), "dddd d 'de' MMMM 'de' yyyy, HH:mm 'UTC'"),
    };

    /// <summary>The page as the link and session allow; <paramref name="voted"/> after a ballot was just recorded.</summary>
    public static IResult Show(Poll poll, DateTimeOffset now, BallotLink link, BallotVoter? voter, bool voted, string? memberLanguage) =>
        Render(StatusCodes.Status200OK, poll, now, link, voter, voted, Kept(poll, voter?.Recorded), new Dictionary<string, string[]>(), memberLanguage);

    /// <summary>The form again (400) with what the member picked and the errors by field (<c>choices</c>, <c>rank-…</c>).</summary>
    public static IResult Refill(
        Poll poll, DateTimeOffset now, string formToken, IFormCollection posted, IReadOnlyDictionary<string, string[]> errors, string? memberLanguage) =>
        Render(StatusCodes.Status400BadRequest, poll, now, BallotLink.Valid, new BallotVoter(formToken, null), false, Posted(poll, posted), errors, memberLanguage);

    /// <summary>The page for a poll id that names no poll.</summary>
    public static IResult NotFound() => HtmlPages.Page(StatusCodes.Status404NotFound, "no-such-poll");

    /// <summary>Whether the results are shown to a member in the poll's state (with a ballot or not).</summary>
    public static bool ResultsVisible(Poll poll, bool closed, bool voted) => poll.Visibility switch
    {
        ResultsVisibility.Always => true,
        ResultsVisibility.AfterClose => closed,
        ResultsVisibility.AfterVote => closed || voted,
        _ => false,
    };

    /// <summary>A date as the pages of <paramref name="language"/> write it.</summary>
    public static string When(DateTimeOffset at, string language)
    {
        var (culture, pattern) = DateFormats[language];
        return at.ToUniversalTime().ToString(pattern, culture);
    }

    private static IResult Render(
        int status, Poll poll, DateTimeOffset now, BallotLink link, BallotVoter? voter, bool voted,
        Dictionary<string, (int Rank, bool Checked)> kept, IReadOnlyDictionary<string, string[]> errors, string? memberLanguage)
    {
        var state = poll.StateAt(now);
        var labels = poll.Options.ToDictionary(o => o.Id, o => o.Label, StringComparer.Ordinal);
        var recorded = voter?.Recorded?.Where(labels.ContainsKey).Select(id => labels[id]).ToArray() ?? [];
        return HtmlPages.Page(status, "ballot", language => new BallotView(
            poll.PollId,
            poll.Question,
            Description(poll),
            state switch { PollState.Scheduled => "scheduled", PollState.Closed => "closed", _ => "open" },
            link switch { BallotLink.None => "none", BallotLink.Invalid => "invalid", BallotLink.NotEligible => "not-eligible", _ => "valid" },
            When(poll.OpensAt, language),
            When(poll.EffectiveClosesAt, language),
            PollService.EligibilityRule(poll),
            poll.EligibleConfirmedBefore is { } cutOff ? When(cutOff, language) : "",
            poll.Kind switch { PollKind.SingleChoice => "single", PollKind.MultipleChoice => "multiple", _ => "ranked" },
            poll.MinChoices,
            poll.MaxChoices,
            [.. Enumerable.Range(1, poll.MaxChoices)],
            [.. poll.Options.Select(o => new OptionView(
                o.Id, o.Label, kept.GetValueOrDefault(o.Id).Rank, kept.GetValueOrDefault(o.Id).Checked,
                errors.TryGetValue(BallotBody.RankField + o.Id, out var error) ? error[0] : ""))],
            $"{PageLinks.Base}/polls/{poll.PollId}/ballots",
            voter?.FormToken ?? "",
            recorded,
            voted && recorded.Length > 0,
            ResultsVisible(poll, state == PollState.Closed, recorded.Length > 0),
            errors.Count > 0,
            errors.ContainsKey("choices")), memberLanguage);
    }

    // The description keeps its line breaks as paragraphs.
    private static string[] Description(Poll poll) =>
        (poll.Description ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // The recorded ballot shown in the form: ranks in order, or the options checked.
    private static Dictionary<string, (int Rank, bool Checked)> Kept(Poll poll, IReadOnlyList<string>? recorded) =>
        (recorded ?? []).Select((id, index) => (id, index))
            .Where(c => poll.Options.Any(o => o.Id == c.id))
            .DistinctBy(c => c.id)
            .ToDictionary(c => c.id, c => (c.index + 1, true), StringComparer.Ordinal);

    // What the member picked in a refused form, kept for the next try (ranks that are no number are dropped).
    private static Dictionary<string, (int Rank, bool Checked)> Posted(Poll poll, IFormCollection posted)
    {
        var checkedIds = posted["choices"].OfType<string>().ToHashSet(StringComparer.Ordinal);
        return poll.Options.ToDictionary(
            o => o.Id,
            o => (int.TryParse(posted[BallotBody.RankField + o.Id], NumberStyles.None, CultureInfo.InvariantCulture, out var rank) ? rank : 0, checkedIds.Contains(o.Id)),
            StringComparer.Ordinal);
    }

    // What ballot.<language>.html.liquid reads.
    private sealed record BallotView(
        string PollId,
        string Question,
        string[] Description,
        string State,
        string Link,
        string OpensOn,
        string ClosesOn,
        string EligibilityRule,
        string EligibleBefore,
        string Kind,
        int MinChoices,
        int MaxChoices,
        int[] Ranks,
        OptionView[] Options,
        string Action,
        string FormToken,
        string[] Recorded,
        bool JustVoted,
        bool ResultsVisible,
        bool HasErrors,
        bool ChoicesError);

    private sealed record OptionView(string Id, string Label, int Rank, bool Checked, string Error);
}
