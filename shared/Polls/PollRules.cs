using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using CoP.Shared.Validation;

namespace CoP.Shared.Polls;

/// <summary>What a poll definition and a ballot may be; free text follows the one text policy (<see cref="PlainText"/>).</summary>
public static partial class PollRules
{
    public const int MinOptions = 2;
    public const int MaxOptions = 20;
    public const int MaxQuestionLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxLabelLength = 200;
    public const int DefaultMinBallots = 5;
    public const int MaxMinBallots = 10_000;
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(366);

    /// <summary>How far back an eligibility cut-off may lie (also keeps dates Table Storage cannot store out).</summary>
    public static readonly TimeSpan MaxEligibilityLookBack = TimeSpan.FromDays(3653);

    /// <summary>Poll ids are server-made (32 hex digits); anything else in a route is simply not found.</summary>
    public static bool IsValidPollId(string? pollId) =>
        pollId is { Length: 32 } && pollId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string NewPollId() => Guid.NewGuid().ToString("N");

    /// <summary>Option ids: 1-32 lowercase letters, digits and hyphens, starting with a letter or digit.</summary>
    public static bool IsValidOptionId([NotNullWhen(true)] string? id) => id is { Length: >= 1 and <= 32 } && OptionIdPattern().IsMatch(id);

    /// <summary>Validates a definition against the topic catalog at <paramref name="now"/>: the poll, or the errors by field.</summary>
    public static Validated<Poll> Validate(PollDefinition definition, IReadOnlySet<string> topics, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new FieldErrors();
        var question = errors.Text(definition.Question, new TextField("question", MaxQuestionLength, Required: true));
        var description = errors.Text(definition.Description, new TextField("description", MaxDescriptionLength, Multiline: true));
        var options = Options(definition.Options, topics, errors);

        if (!PollNames.TryParseKind(definition.Kind, out var kind))
        {
            errors.Add("kind", "The kind is one of: single, multiple, ranked.");
        }

        var visibility = ResultsVisibility.AfterClose;
        if (definition.ResultsVisibility is not null && !PollNames.TryParseVisibility(definition.ResultsVisibility, out visibility))
        {
            errors.Add("resultsVisibility", "The results visibility is one of: always, after-vote, after-close, admins.");
        }

        var minBallots = definition.MinBallots ?? DefaultMinBallots;
        if (minBallots is < 1 or > MaxMinBallots)
        {
            errors.Add("minBallots", $"The minimum ballot count is between 1 and {MaxMinBallots}.");
        }

        var (minChoices, maxChoices) = Choices(definition, kind, options?.Count ?? MaxOptions, errors);
        var opensAt = (definition.OpensAt ?? now).ToUniversalTime();
        if (opensAt > now + MaxHorizon)
        {
            errors.Add("opensAt", "The opening time is at most a year ahead.");
        }
        else if (opensAt < now - MaxHorizon)
        {
            // Also keeps dates out that Table Storage cannot store (before 1601).
            errors.Add("opensAt", "The opening time is at most a year ago.");
        }

        var closesAt = ClosesAt(definition.ClosesAt, opensAt, now, errors);

        // Fresh sign-ups during a poll cannot vote in it: by default, only members confirmed before it opened.
        var eligibleBefore = (definition.EligibleConfirmedBefore ?? opensAt).ToUniversalTime();
        if (definition.ClosesAt is { } closing && eligibleBefore > closing)
        {
            errors.Add("eligibleConfirmedBefore", "The eligibility cut-off is at most the closing time.");
        }
        else if (eligibleBefore < now - MaxEligibilityLookBack)
        {
            errors.Add("eligibleConfirmedBefore", "The eligibility cut-off is at most ten years ago.");
        }

        return errors.Result(() => new Poll(
            NewPollId(), Found(question), description, Found(options), kind, minChoices, maxChoices, opensAt, closesAt, null,
            visibility, minBallots, now, eligibleBefore, BallotKeyScheme.BallotKey));
    }

    /// <summary>
    /// Checks a ballot's choices against the poll: known, distinct option ids, as many as the kind allows. The
    /// choices, or the error under <c>choices</c>.
    /// </summary>
    public static Validated<IReadOnlyList<string>> CheckChoices(Poll poll, IReadOnlyList<string?>? choices)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var errors = new FieldErrors();
        errors.AddIf("choices", ChoicesError(poll, choices));
        return errors.Result<IReadOnlyList<string>>(() => choices?.OfType<string>().ToList() ?? []);
    }

    private static string? ChoicesError(Poll poll, IReadOnlyList<string?>? choices)
    {
        if (choices is null || choices.Count == 0)
        {
            return "Choose at least one option.";
        }

        if (choices.Count > poll.Options.Count)
        {
            return $"This poll has {poll.Options.Count} options.";
        }

        var known = poll.Options.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        if (choices.Any(c => c is null || !known.Contains(c)))
        {
            return "Every choice must be the id of one of the poll's options.";
        }

        if (choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
        {
            return "Choose each option at most once.";
        }

        return poll.Kind switch
        {
            PollKind.SingleChoice when choices.Count != 1 => "Choose exactly one option.",
            PollKind.MultipleChoice when choices.Count < poll.MinChoices || choices.Count > poll.MaxChoices =>
                $"Choose between {poll.MinChoices} and {poll.MaxChoices} options.",
            PollKind.Ranked when choices.Count > poll.MaxChoices => $"Rank at most {poll.MaxChoices} options.",
            _ => null,
        };
    }

    /// <summary>A required part of a definition that passed every rule: a rule that let it be missing is a bug.</summary>
    private static T Found<T>(T? value)
        where T : class => value ?? throw new UnreachableException("A rule let a required part through without an error.");

    private static DateTimeOffset ClosesAt(DateTimeOffset? value, DateTimeOffset opensAt, DateTimeOffset now, FieldErrors errors)
    {
        if (value is not { } closes)
        {
            errors.Add("closesAt", "The closing time is required (ISO 8601 with an offset, e.g. 2026-12-01T17:00:00Z).");
            return default;
        }

        if (closes <= now || closes <= opensAt)
        {
            errors.Add("closesAt", "The closing time must be in the future and after the opening time.");
        }
        else if (closes > now + MaxHorizon + MaxHorizon)
        {
            errors.Add("closesAt", "The closing time is at most two years ahead.");
        }

        return closes.ToUniversalTime();
    }

    private static (int Min, int Max) Choices(PollDefinition definition, PollKind kind, int optionCount, FieldErrors errors)
    {
        switch (kind)
        {
            case PollKind.SingleChoice:
                if (definition.MinChoices is not (null or 1) || definition.MaxChoices is not (null or 1))
                {
                    errors.Add("maxChoices", "A single-choice poll takes exactly one choice; leave minChoices and maxChoices out.");
                }

                return (1, 1);
            case PollKind.MultipleChoice:
                var min = definition.MinChoices ?? 1;
                var max = definition.MaxChoices ?? optionCount;
                if (min < 1 || min > optionCount)
                {
                    errors.Add("minChoices", $"minChoices is between 1 and the number of options ({optionCount}).");
                }
                else if (max < min || max > optionCount)
                {
                    errors.Add("maxChoices", $"maxChoices is between minChoices and the number of options ({optionCount}).");
                }

                return (min, max);
            default:
                var most = definition.MaxChoices ?? optionCount;
                if (definition.MinChoices is not (null or 1))
                {
                    errors.Add("minChoices", "A ranked poll accepts any ranking of one to maxChoices options; leave minChoices out.");
                }

                if (most < 1 || most > optionCount)
                {
                    errors.Add("maxChoices", $"maxChoices is between 1 and the number of options ({optionCount}).");
                }

                return (1, most);
        }
    }

    private static List<PollOption>? Options(List<PollOptionDefinition?>? definitions, IReadOnlySet<string> topics, FieldErrors errors)
    {
        if (definitions is null || definitions.Count is < MinOptions or > MaxOptions)
        {
            errors.Add("options", $"A poll has {MinOptions} to {MaxOptions} options.");
            return null;
        }

        var options = new List<PollOption>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            var field = $"options[{i}]";
            if (definitions[i] is not { } definition)
            {
                errors.Add(field, "Each option is an object with an id and a label.");
                continue;
            }

            if (!IsValidOptionId(definition.Id))
            {
                errors.Add(field + ".id", "The id is 1-32 lowercase letters, digits and hyphens.");
            }
            else if (!ids.Add(definition.Id))
            {
                errors.Add(field + ".id", "Option ids must be unique within a poll.");
            }

            var label = errors.Text(definition.Label, new TextField(field + ".label", MaxLabelLength, Required: true));
            if (definition.Topic is not null && !topics.Contains(definition.Topic))
            {
                errors.Add(field + ".topic", "The topic must be the slug of a topic offered by GET /api/topics.");
            }

            if (label is not null && IsValidOptionId(definition.Id))
            {
                options.Add(new PollOption(definition.Id, label, definition.Topic));
            }
        }

        return options.Count == definitions.Count ? options : null;
    }

    // \z, not $: $ also matches before a final line break, and "yes\n" is no option id.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex OptionIdPattern();
}
