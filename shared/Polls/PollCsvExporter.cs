using System.Globalization;
using CsvHelper;

namespace CoP.Shared.Polls;

/// <summary>
/// A poll's results as CSV for operators: one row per option and round, then exhausted ballots per round
/// (ranked polls) and the ballot count. Counts only, never who voted what. Labels are operator text, yet
/// cells a spreadsheet would run as a formula are escaped anyway.
/// </summary>
public static class PollCsvExporter
{
    public static readonly string[] Header = ["pollId", "round", "optionId", "label", "topic", "votes", "outcome"];

    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        NewLine = "\r\n",
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static async Task WriteAsync(Stream output, PollResults results, CancellationToken cancellationToken = default)
    {
        await using var csv = CsvWriter.Create(output, Options, true);
        csv.WriteHeader(Header);
        var poll = results.Poll;
        if (results.Tally is { } tally)
        {
            foreach (var round in tally.Rounds)
            {
                var number = round.Round.ToString(CultureInfo.InvariantCulture);
                foreach (var option in poll.Options.Where(o => round.Counts.ContainsKey(o.Id)))
                {
                    var outcome = option.Id == round.Eliminated ? "eliminated"
                        : option.Id == tally.Winner && round == tally.Rounds[^1] ? "winner"
                        : "";
                    await csv.WriteRecordAsync([poll.PollId, number, option.Id, option.Label, option.Topic ?? "", Number(round.Counts[option.Id]), outcome], cancellationToken);
                }

                if (poll.Kind == PollKind.Ranked)
                {
                    await csv.WriteRecordAsync([poll.PollId, number, "", "exhausted ballots", "", Number(round.Exhausted), ""], cancellationToken);
                }
            }
        }

        await csv.WriteRecordAsync([poll.PollId, "", "", results.Withheld ? "ballots (counts withheld below the minimum)" : "ballots", "", Number(results.Ballots), ""], cancellationToken);
        await csv.FlushAsync(cancellationToken);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
