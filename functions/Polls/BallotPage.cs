using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Polls;
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
/// The page a member's personal vote link opens in a browser (<c>GET /api/polls/{pollId}?token=</c>): the poll,
/// and while it is open and the link is valid, a form that posts the ballot to <c>CastBallot</c> in the fields
/// <see cref="BallotBody"/> reads (<c>token</c>, and <c>choices</c> in order of preference).
/// </summary>
public static class BallotPage
{
    private static readonly Dictionary<string, (CultureInfo Culture, string Pattern)> DateFormats = new(StringComparer.Ordinal)
    {
        ["en"] = (CultureInfo.InvariantCulture, "dddd d MMMM yyyy, HH:mm 'UTC'"),
        ["fr"] = (CultureInfo.GetCultureInfo("fr-FR"), "dddd d MMMM yyyy, HH:mm 'UTC'"),
        ["es"] = (CultureInfo.GetCultureInfo("es-ES"), "dddd d 'de' MMMM 'de' yyyy, HH:mm 'UTC'"),
    };

    public static IResult Show(Poll poll, DateTimeOffset now, BallotLink link, string? token, Uri publicApiBase)
    {
        var state = poll.StateAt(now) switch
        {
            PollState.Scheduled => "scheduled",
            PollState.Closed => "closed",
            _ => "open",
        };
        var linkName = link switch
        {
            BallotLink.None => "none",
            BallotLink.Invalid => "invalid",
            BallotLink.NotEligible => "not-eligible",
            _ => "valid",
        };
        var action = $"{publicApiBase.ToString().TrimEnd('/')}/api/polls/{poll.PollId}/ballots";
        return HtmlPages.Page(StatusCodes.Status200OK, "ballot", language => new BallotView(
            poll.Question,
            Description(poll),
            state,
            linkName,
            When(poll.OpensAt, language),
            When(poll.EffectiveClosesAt, language),
            PollService.EligibilityRule(poll),
            poll.EligibleConfirmedBefore is { } cutOff ? When(cutOff, language) : "",
            poll.Kind switch { PollKind.SingleChoice => "single", PollKind.MultipleChoice => "multiple", _ => "ranked" },
            poll.MinChoices,
            poll.MaxChoices,
            Style(poll.Kind),
            [.. Enumerable.Range(1, poll.MaxChoices)],
            [.. poll.Options.Select(o => new OptionView(o.Id, o.Label))],
            action,
            token ?? ""));
    }

    /// <summary>The page for a poll id that names no poll.</summary>
    public static IResult NotFound() => HtmlPages.Page(StatusCodes.Status404NotFound, "no-such-poll");

    // The description keeps its line breaks as paragraphs.
    private static string[] Description(Poll poll) =>
        (poll.Description ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // Radio buttons (one value), checkboxes (any number) or numbered selects (a ranking: values in rank order, blank
    // ranks sent empty; only the first must be chosen).
    private static string Style(PollKind kind) => kind switch
    {
        PollKind.SingleChoice => "radio",
        PollKind.MultipleChoice => "checkbox",
        _ => "ranks",
    };

    private static string When(DateTimeOffset at, string language)
    {
        var (culture, pattern) = DateFormats[language];
        return at.ToUniversalTime().ToString(pattern, culture);
    }

    // What ballot.<language>.html.liquid reads.
    private sealed record BallotView(
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
        string Style,
        int[] Ranks,
        OptionView[] Options,
        string Action,
        string Token);

    private sealed record OptionView(string Id, string Label);
}
