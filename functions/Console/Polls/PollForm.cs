using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CoP.Shared.Polls;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Polls;

/// <summary>
/// The console's poll form as posted: every part of the <see cref="PollDefinition"/> that POST /api/manage/polls takes,
/// as text. Times are UTC (the form says so); option rows are <c>options[i].label</c> and <c>options[i].topic</c>, and
/// each option's id is derived from its label. What the form cannot read (a number or a time that is none) is refused
/// here; everything else is for <see cref="PollRules"/> to judge, through the same service call as the JSON route.
/// </summary>
public sealed partial record PollForm(
    string Question,
    string Description,
    string Kind,
    IReadOnlyList<PollForm.Option> Options,
    string MinChoices,
    string MaxChoices,
    string OpensAt,
    string ClosesAt,
    string ResultsVisibility,
    string MinBallots,
    string EligibleConfirmedBefore)
{
    /// <summary>How much of a refused value is shown back in its field.</summary>
    private const int MaxEcho = PollRules.MaxDescriptionLength;

    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    public static readonly PollForm Empty = new(
        "", "", "single", [], "", "", "", "", PollNames.Of(Shared.Polls.ResultsVisibility.AfterClose),
        PollRules.DefaultMinBallots.ToString(CultureInfo.InvariantCulture), "");

    /// <summary>One option row: its label, and the slug of its topic (optional).</summary>
    public sealed record Option(string Label, string Topic);

    /// <summary>The posted fields; option rows in the order of their index, rows left empty dropped.</summary>
    public static PollForm Read(IFormCollection fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var rows = new SortedDictionary<int, (string Label, string Topic)>();
        foreach (var key in fields.Keys)
        {
            if (OptionField().Match(key) is { Success: true } match && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var index))
            {
                var row = rows.GetValueOrDefault(index, ("", ""));
                rows[index] = match.Groups[2].Value == "label" ? (Echo(fields[key]), row.Item2) : (row.Item1, Echo(fields[key]).Trim());
            }
        }

        return new PollForm(
            Echo(fields["question"]),
            Echo(fields["description"]),
            Echo(fields["kind"]).Trim(),
            [.. rows.Values.Where(row => row.Label.Trim().Length > 0 || row.Topic.Length > 0).Select(row => new Option(row.Label, row.Topic))],
            Echo(fields["minChoices"]).Trim(),
            Echo(fields["maxChoices"]).Trim(),
            Echo(fields["opensAt"]).Trim(),
            Echo(fields["closesAt"]).Trim(),
            Echo(fields["resultsVisibility"]).Trim(),
            Echo(fields["minBallots"]).Trim(),
            Echo(fields["eligibleConfirmedBefore"]).Trim());
    }

    /// <summary>
    /// The definition this form describes, as POST /api/manage/polls would receive it: choice counts only where the kind
    /// uses them, empty fields left out (the rules' defaults apply). Or the fields that are not a number or a time.
    /// </summary>
    public Validated<PollDefinition> Definition()
    {
        var errors = new FieldErrors();
        var minChoices = Kind == "multiple" ? Number("minChoices", MinChoices, errors) : null;
        var maxChoices = Kind is "multiple" or "ranked" ? Number("maxChoices", MaxChoices, errors) : null;
        var minBallots = Number("minBallots", MinBallots, errors);
        var opensAt = Time("opensAt", OpensAt, errors);
        var closesAt = Time("closesAt", ClosesAt, errors);
        var eligibleBefore = Time("eligibleConfirmedBefore", EligibleConfirmedBefore, errors);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        return errors.Result(() => new PollDefinition
        {
            Question = Question,
            Description = Description.Trim().Length == 0 ? null : Description,
            Kind = Kind,
            Options = [.. Options.Select((option, i) => new PollOptionDefinition
            {
                Id = OptionId(option.Label, i, ids),
                Label = option.Label,
                Topic = option.Topic.Length == 0 ? null : option.Topic,
            })],
            MinChoices = minChoices,
            MaxChoices = maxChoices,
            OpensAt = opensAt,
            ClosesAt = closesAt,
            ResultsVisibility = ResultsVisibility.Length == 0 ? null : ResultsVisibility,
            MinBallots = minBallots,
            EligibleConfirmedBefore = eligibleBefore,
        });
    }

    /// <summary>
    /// An option's id from its label, as a person would write it (<c>Soil carbon</c> is <c>soil-carbon</c>): letters
    /// without accents, digits and hyphens, at most 32; <c>option-3</c> for a label with none; unique within the poll.
    /// </summary>
    public static string OptionId(string label, int position, ISet<string> taken)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(taken);
        var slug = new StringBuilder();
        foreach (var c in label.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var stem = slug.ToString(0, Math.Min(slug.Length, 28)).Trim('-');
        stem = stem.Length == 0 ? $"option-{position + 1}" : stem;
        var id = stem;
        for (var n = 2; !taken.Add(id); n++)
        {
            id = $"{stem}-{n}";
        }

        return id;
    }

    private static int? Number(string field, string text, FieldErrors errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(field, "Enter a whole number.");
        return null;
    }

    private static DateTimeOffset? Time(string field, string text, FieldErrors errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return new DateTimeOffset(at, TimeSpan.Zero);
        }

        errors.Add(field, "Enter a date and time in UTC, e.g. 2026-12-01T17:00.");
        return null;
    }

    // A refused value goes back into its field, but never more of it than any field of the form allows.
    private static string Echo(Microsoft.Extensions.Primitives.StringValues value)
    {
        var text = value.Count == 1 ? value[0] ?? "" : string.Join(",", value.ToArray());
        return text.Length <= MaxEcho ? text : text[..MaxEcho];
    }

    [GeneratedRegex(@"^options\[(\d{1,4})\]\.(label|topic)\z", RegexOptions.CultureInvariant)]
    private static partial Regex OptionField();
}
