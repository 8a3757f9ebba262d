using System.Text.RegularExpressions;
using CoP.Shared.Polls;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Polls;

/// <summary>
/// The console's new-poll page (console-poll-form): the form's values, each field's first error beside it, the errors in
/// order for the summary at the top, and the option rows: at least <see cref="ShownRows"/> in view, the rest up to
/// <see cref="PollRules.MaxOptions"/> behind a "more options" disclosure.
/// </summary>
public static partial class PollFormPage
{
    public const int ShownRows = 6;

    // The form's fields in the order of the page, each with the id of its input (the summary links to it).
    private static readonly (string Field, string Input)[] Fields =
    [
        ("question", "question"), ("description", "description"), ("kind", "kind-single"), ("options", "option-0-label"),
        ("minChoices", "minChoices"), ("maxChoices", "maxChoices"), ("opensAt", "opensAt"), ("closesAt", "closesAt"),
        ("eligibleConfirmedBefore", "eligibleConfirmedBefore"), ("resultsVisibility", "resultsVisibility"), ("minBallots", "minBallots"),
    ];

    /// <summary>The page with <paramref name="form"/>'s values and <paramref name="errors"/> (by the definition's field names); 400 when there are errors.</summary>
    public static IResult Show(ConsoleSession.Open session, PollForm form, IReadOnlyDictionary<string, string[]> errors, IReadOnlyList<Topic> topics)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        var status = errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        var shown = new Dictionary<string, string[]>(errors, StringComparer.Ordinal);
        if (form.ClosesAt.Length == 0 && shown.ContainsKey("closesAt"))
        {
            // The rule's message tells JSON clients how to write a time; here there is a date-time field to fill.
            shown["closesAt"] = ["Enter the closing time (UTC)."];
        }

        return ConsoleGate.Page(status, "console-poll-form", session, _ => Model(form, shown, topics));
    }

    private static object Model(PollForm form, IReadOnlyDictionary<string, string[]> errors, IReadOnlyList<Topic> topics)
    {
        var rows = Enumerable.Range(0, PollRules.MaxOptions)
            .Select(i => Row(i, i < form.Options.Count ? form.Options[i] : new PollForm.Option("", ""), errors))
            .ToArray();
        var shown = Math.Clamp(form.Options.Count + 1, ShownRows, PollRules.MaxOptions);
        return new
        {
            Form = new
            {
                form.Question,
                form.Description,
                form.Kind,
                form.MinChoices,
                form.MaxChoices,
                form.OpensAt,
                form.ClosesAt,
                form.ResultsVisibility,
                form.MinBallots,
                form.EligibleConfirmedBefore,
            },
            Error = new
            {
                Question = Error(errors, "question"),
                Description = Error(errors, "description"),
                Kind = Error(errors, "kind"),
                Options = Error(errors, "options"),
                MinChoices = Error(errors, "minChoices"),
                MaxChoices = Error(errors, "maxChoices"),
                OpensAt = Error(errors, "opensAt"),
                ClosesAt = Error(errors, "closesAt"),
                EligibleConfirmedBefore = Error(errors, "eligibleConfirmedBefore"),
                ResultsVisibility = Error(errors, "resultsVisibility"),
                MinBallots = Error(errors, "minBallots"),
            },
            Summary = Summary(errors),
            Rows = rows[..shown],
            MoreRows = rows[shown..],
            MoreOpen = rows[shown..].Any(row => row.Label.Length > 0 || row.Topic.Length > 0 || row.LabelError.Length > 0 || row.TopicError.Length > 0),
            MaxOptions = PollRules.MaxOptions,
            Topics = topics.Select(topic => new { topic.Slug, topic.Name }).ToArray(),
        };
    }

    private static OptionRow Row(int index, PollForm.Option option, IReadOnlyDictionary<string, string[]> errors) => new(
        index,
        index + 1,
        option.Label,
        option.Topic,
        Error(errors, $"options[{index}].label") is { Length: > 0 } label ? label : Error(errors, $"options[{index}].id"),
        Error(errors, $"options[{index}].topic") is { Length: > 0 } topic ? topic : Error(errors, $"options[{index}]"));

    // Every error once, in the order of the page: the summary's links to the fields.
    private static SummaryLine[] Summary(IReadOnlyDictionary<string, string[]> errors) =>
        [.. errors
            .Select(error => (Order: Order(error.Key), Line: new SummaryLine(Input(error.Key), error.Value[0])))
            .OrderBy(error => error.Order.Field).ThenBy(error => error.Order.Row)
            .Select(error => error.Line)];

    private static (int Field, int Row) Order(string key)
    {
        if (OptionError().Match(key) is { Success: true } match)
        {
            return (Array.FindIndex(Fields, f => f.Field == "options"), int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1);
        }

        var index = Array.FindIndex(Fields, f => f.Field == key);
        return (index < 0 ? Fields.Length : index, 0);
    }

    private static string Input(string key)
    {
        if (OptionError().Match(key) is { Success: true } match)
        {
            return $"option-{match.Groups[1].Value}-{(match.Groups[2].Value == "topic" ? "topic" : "label")}";
        }

        return Fields.FirstOrDefault(f => f.Field == key).Input ?? "question";
    }

    private static string Error(IReadOnlyDictionary<string, string[]> errors, string field) =>
        errors.TryGetValue(field, out var messages) && messages.Length > 0 ? messages[0] : "";

    private sealed record OptionRow(int Index, int Number, string Label, string Topic, string LabelError, string TopicError);

    private sealed record SummaryLine(string Input, string Message);

    [GeneratedRegex(@"^options\[(\d+)\](?:\.(id|label|topic))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex OptionError();
}
