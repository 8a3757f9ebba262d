using System.Diagnostics;
using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Polls;

/// <summary>A ballot's choices and member token, read from JSON or an HTML form; or the problem that refuses the body.</summary>
public abstract record BallotBody
{
    /// <summary>The prefix of a ranking form's fields: <c>rank-&lt;option id&gt;</c> holds the rank given to that option.</summary>
    public const string RankField = "rank-";

    private BallotBody()
    {
    }

    /// <summary>The choices as sent (checked against the poll later) and the member token, if any.</summary>
    public sealed record Read(IReadOnlyList<string?>? Choices, string? Token) : BallotBody;

    /// <summary>
    /// The ballot page's own form (no <c>token</c> field: the browser's session votes, the form carries its
    /// <c>formToken</c>): the choices in order of preference, or the errors of its ranks by field.
    /// </summary>
    public sealed record FromPage(IFormCollection Form, Validated<IReadOnlyList<string?>> Choices) : BallotBody;

    /// <summary>The body could not be read: the 4xx answer.</summary>
    public sealed record Refused(IResult Problem) : BallotBody;

    public static async Task<BallotBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var headerToken = MemberTokens.FromHeaderOrQuery(request);
        return await FormOrJsonBody.ReadAsync(request, maxBytes, cancellationToken) switch
        {
            FormOrJsonBody.Refused { Problem: var problem } => new Refused(problem),
            FormOrJsonBody.Form { Fields: var form } when headerToken is null && !form.ContainsKey("token") => new FromPage(form, Ranked(form)),
            FormOrJsonBody.Form { Fields: var form } => FromForm(form, headerToken),
            FormOrJsonBody.Json { Bytes: var bytes } => await JsonRequestBody.ReadAsync<BallotRequest>(Rewound(request, bytes), maxBytes, cancellationToken) switch
            {
                RequestBody<BallotRequest>.Read { Value: var ballot } => new Read(ballot.Choices, headerToken),
                RequestBody<BallotRequest>.Refused { Problem: var problem } => new Refused(problem),
                _ => throw new UnreachableException(),
            },
            _ => throw new UnreachableException(),
        };
    }

    private static BallotBody FromForm(IFormCollection form, string? headerToken)
    {
        var errors = new FieldErrors();
        var token = headerToken ?? FormOrJsonBody.OneValue(form, "token", errors);
        return errors.Result(() => new Read(ChoiceFields(form), token)) switch
        {
            Validated<Read>.Valid { Value: var read } => read,
            Validated<Read>.Invalid { Errors: var invalid } => new Refused(Problems.Validation(invalid)),
            _ => throw new UnreachableException(),
        };
    }

    // A ranking form's blank ranks (selects left at "—") arrive as empty values: they rank nothing.
    private static List<string?> ChoiceFields(IFormCollection form) =>
        form.TryGetValue("choices", out var values) ? values.Where(v => !string.IsNullOrEmpty(v)).ToList() : [];

    // The page's ranking form gives each option a rank (1 first; blank: not ranked): the options in rank order. Two
    // options with one rank, or a rank that is not a number from 1, are errors of those fields. Other forms send choices.
    private static Validated<IReadOnlyList<string?>> Ranked(IFormCollection form)
    {
        var errors = new FieldErrors();
        var ranks = new List<(string Option, int Rank)>();
        foreach (var (field, values) in form.Where(f => f.Key.StartsWith(RankField, StringComparison.Ordinal)))
        {
            if (values is not { Count: 1 } || values[0] is not { } value)
            {
                errors.Add(field, "invalid");
            }
            else if (value.Length == 0)
            {
                continue;
            }
            else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) && rank is >= 1 and <= 100)
            {
                ranks.Add((field[RankField.Length..], rank));
            }
            else
            {
                errors.Add(field, "invalid");
            }
        }

        foreach (var shared in ranks.GroupBy(r => r.Rank).Where(g => g.Count() > 1).SelectMany(g => g))
        {
            errors.Add(RankField + shared.Option, "duplicate");
        }

        return errors.Result<IReadOnlyList<string?>>(() => ranks.Count == 0
            ? ChoiceFields(form)
            : [.. ranks.OrderBy(r => r.Rank).Select(r => (string?)r.Option)]);
    }

    // The bounded bytes were read once; parse them with the JSON reader that names bad fields.
    private static HttpRequest Rewound(HttpRequest request, byte[] json)
    {
        request.Body = new MemoryStream(json, writable: false);
        request.ContentLength = json.Length;
        return request;
    }
}
