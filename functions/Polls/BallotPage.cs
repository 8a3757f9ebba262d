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
    public static IResult Show(Poll poll, DateTimeOffset now, BallotLink link, string? token, Uri publicApiBase)
    {
        var paragraphs = Description(poll).ToList();
        switch (poll.StateAt(now))
        {
            case PollState.Scheduled:
                paragraphs.Add($"Voting opens on {When(poll.OpensAt)} and closes on {When(poll.EffectiveClosesAt)}.");
                paragraphs.Add("This poll is not open yet: come back with your personal link once it opens.");
                return ShowOptions(poll, paragraphs);
            case PollState.Closed:
                paragraphs.Add($"Voting closed on {When(poll.EffectiveClosesAt)}.");
                paragraphs.Add("This poll is closed: ballots are no longer accepted.");
                return ShowOptions(poll, paragraphs);
        }

        paragraphs.Add($"Voting closes on {When(poll.EffectiveClosesAt)}.");
        switch (link)
        {
            case BallotLink.None:
                paragraphs.Add("Members cast their ballot through the personal vote link they receive by email.");
                return ShowOptions(poll, paragraphs);
            case BallotLink.Invalid:
                paragraphs.Add("This personal link has expired or is no longer valid.");
                paragraphs.Add("You can request a new personal link by email, then vote with it.");
                return ShowOptions(poll, paragraphs);
            case BallotLink.NotEligible:
                paragraphs.Add(PollService.EligibilityRule(poll));
                paragraphs.Add("Your registration was confirmed later, so you cannot vote in this poll; you can in the polls that open from now on.");
                return ShowOptions(poll, paragraphs);
        }

        paragraphs.Add("You may change your ballot until the poll closes: the last one counts.");
        var action = $"{publicApiBase.ToString().TrimEnd('/')}/api/polls/{poll.PollId}/ballots";
        var choices = new HtmlChoices("choices", Instruction(poll), Style(poll.Kind), poll.Options.Select(o => (o.Id, o.Label)).ToList(), poll.MaxChoices);
        return HtmlPages.Page(StatusCodes.Status200OK, poll.Question, paragraphs, new HtmlForm(action, "Cast my ballot", [("token", token!)], [], [choices]));
    }

    /// <summary>The page for a poll id that names no poll.</summary>
    public static IResult NotFound() =>
        HtmlPages.Page(StatusCodes.Status404NotFound, "There is no such poll", ["The link may be incomplete: check that you opened all of it."]);

    private static IResult ShowOptions(Poll poll, List<string> paragraphs) =>
        HtmlPages.Page(StatusCodes.Status200OK, poll.Question, paragraphs, list: poll.Options.Select(o => o.Label));

    // The description keeps its line breaks as paragraphs.
    private static string[] Description(Poll poll) =>
        (poll.Description ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Instruction(Poll poll) => poll.Kind switch
    {
        PollKind.SingleChoice => "Choose one option.",
        PollKind.MultipleChoice when poll.MinChoices == poll.MaxChoices => $"Choose {Options(poll.MinChoices)}.",
        PollKind.MultipleChoice when poll.MinChoices == 1 => $"Choose up to {Options(poll.MaxChoices)}.",
        PollKind.MultipleChoice => $"Choose between {poll.MinChoices} and {poll.MaxChoices} options.",
        _ when poll.MaxChoices == 1 => "Choose one option.",
        _ => $"Rank up to {Options(poll.MaxChoices)}, your first preference first; leave the ranks you do not need blank.",
    };

    private static string Options(int count) => count == 1 ? "one option" : $"{count} options";

    private static HtmlChoiceStyle Style(PollKind kind) => kind switch
    {
        PollKind.SingleChoice => HtmlChoiceStyle.Radio,
        PollKind.MultipleChoice => HtmlChoiceStyle.Checkbox,
        _ => HtmlChoiceStyle.NumberedSelects,
    };

    private static string When(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("dddd d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
