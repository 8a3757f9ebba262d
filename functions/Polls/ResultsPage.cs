using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Polls;

/// <summary>
/// The results of a poll in a browser (<c>GET /api/polls/{pollId}/results</c>): a horizontal bar chart drawn in
/// inline SVG (no script, no image request: the page's policy needs no change), the same numbers as a table, the
/// ballots cast, and for a ranked poll its instant-runoff rounds. Or, while the visibility rule hides them, when
/// they will be shown.
/// </summary>
public static class ResultsPage
{
    // One chart row: the option's label and numbers on a line of text, its bar beneath.
    private const int RowHeight = 52;
    private const int LabelLength = 60;

    /// <summary>The results page of counts the caller may see.</summary>
    public static IResult Show(PollResults results) =>
        HtmlPages.Page(StatusCodes.Status200OK, "results", language => Model(results, language));

    /// <summary>
    /// What results.&lt;language&gt;.html.liquid reads: the chart's bars, the table rows, the rounds of a ranked poll. The
    /// console's poll page draws the same chart and tables from it.
    /// </summary>
    public static object Model(PollResults results, string language)
    {
        ArgumentNullException.ThrowIfNull(results);
        var poll = results.Poll;
        var counts = results.Tally?.Counts;
        var labels = poll.Options.ToDictionary(o => o.Id, o => o.Label, StringComparer.Ordinal);
        var bars = counts is null ? [] : poll.Options.Select((o, i) => Bar(o, counts.GetValueOrDefault(o.Id), results.Ballots, i)).ToArray();
        var rounds = poll.Kind == PollKind.Ranked && results.Tally is { } tally ? tally.Rounds : [];
        return new ResultsView(
            poll.PollId,
            poll.Question,
            poll.Kind switch { PollKind.SingleChoice => "single", PollKind.MultipleChoice => "multiple", _ => "ranked" },
            results.Closed,
            BallotPage.When(poll.EffectiveClosesAt, language),
            results.Ballots,
            poll.MinBallots,
            counts is null,
            bars,
            (bars.Length * RowHeight) + 4,
            [.. rounds.Select(r => r.Round)],
            [.. poll.Options.Select(o => new RoundRow(o.Label, [.. rounds.Select(r => r.Counts.TryGetValue(o.Id, out var votes) ? votes.ToString(CultureInfo.InvariantCulture) : "–")]))],
            [.. rounds.Select(r => r.Exhausted)],
            [.. rounds.Select(r => r.Eliminated is { } id ? new Elimination(r.Round, labels.GetValueOrDefault(id, id)) : null).OfType<Elimination>()],
            results.Tally?.Winner is { } winner ? labels.GetValueOrDefault(winner, winner) : "");
    }

    /// <summary>The 403 page of results the visibility rule hides from the caller, saying when they will be shown.</summary>
    public static IResult Hidden(Poll poll, string reason) =>
        HtmlPages.Page(StatusCodes.Status403Forbidden, "results-hidden", language => new
        {
            poll.PollId,
            poll.Question,
            Reason = reason,
            ClosesOn = BallotPage.When(poll.EffectiveClosesAt, language),
        });

    private static BarView Bar(PollOption option, int votes, int ballots, int index)
    {
        var percent = ballots == 0 ? 0 : (int)Math.Round(100.0 * votes / ballots, MidpointRounding.AwayFromZero);
        var label = option.Label.Length > LabelLength ? option.Label[..(LabelLength - 1)] + "…" : option.Label;
        var top = index * RowHeight;
        // A bar of no votes is drawn as a sliver, so that its row is visibly there.
        return new BarView(option.Label, label, votes, percent, top + 18, top + 26, Math.Max(percent, 0.5).ToString("0.#", CultureInfo.InvariantCulture));
    }

    // What results.<language>.html.liquid reads.
    private sealed record ResultsView(
        string PollId,
        string Question,
        string Kind,
        bool Closed,
        string ClosesOn,
        int Ballots,
        int MinBallots,
        bool Withheld,
        BarView[] Bars,
        int ChartHeight,
        int[] Rounds,
        RoundRow[] RoundRows,
        int[] Exhausted,
        Elimination[] Eliminations,
        string Winner);

    private sealed record BarView(string Label, string ShortLabel, int Votes, int Percent, int TextY, int BarY, string Width);

    private sealed record RoundRow(string Label, string[] Counts);

    private sealed record Elimination(int Round, string Label);
}
