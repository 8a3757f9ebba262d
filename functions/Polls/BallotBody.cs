using CoP.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Polls;

/// <summary>A ballot's choices and member token, read from JSON or an HTML form.</summary>
public sealed class BallotBody
{
    private BallotBody(IReadOnlyList<string?>? choices, string? token, IResult? problem)
    {
        Choices = choices;
        Token = token;
        Problem = problem;
    }

    public IReadOnlyList<string?>? Choices { get; }

    public string? Token { get; }

    public IResult? Problem { get; }

    public static async Task<BallotBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var headerToken = MemberTokens.FromHeaderOrQuery(request);
        var body = await FormOrJsonBody.ReadAsync(request, maxBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return new(null, null, body.Problem);
        }

        if (body.Form is { } form)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var token = headerToken ?? FormOrJsonBody.OneValue(form, "token", errors);
            // A ranking form's blank ranks (selects left at "—") arrive as empty values: they rank nothing.
            var choices = form.TryGetValue("choices", out var values) ? values.Where(v => !string.IsNullOrEmpty(v)).ToList() : [];
            return errors.Count > 0 ? new(null, null, Problems.Validation(errors)) : new(choices, token, null);
        }

        var json = await JsonRequestBody.ReadAsync<BallotRequest>(Rewound(request, body.Json!), maxBytes, cancellationToken);
        return json.Value is { } ballot ? new(ballot.Choices, headerToken, null) : new(null, null, json.Problem);
    }

    // The bounded bytes were read once; parse them with the JSON reader that names bad fields.
    private static HttpRequest Rewound(HttpRequest request, byte[] json)
    {
        request.Body = new MemoryStream(json, writable: false);
        request.ContentLength = json.Length;
        return request;
    }
}
