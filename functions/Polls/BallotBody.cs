using System.Diagnostics;
using CoP.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Polls;

/// <summary>A ballot's choices and member token, read from JSON or an HTML form; or the problem that refuses the body.</summary>
public abstract record BallotBody
{
    private BallotBody()
    {
    }

    /// <summary>The choices as sent (checked against the poll later) and the member token, if any.</summary>
    public sealed record Read(IReadOnlyList<string?>? Choices, string? Token) : BallotBody;

    /// <summary>The body could not be read: the 4xx answer.</summary>
    public sealed record Refused(IResult Problem) : BallotBody;

    public static async Task<BallotBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var headerToken = MemberTokens.FromHeaderOrQuery(request);
        switch (await FormOrJsonBody.ReadAsync(request, maxBytes, cancellationToken))
        {
            case { Problem: { } problem }:
                return new Refused(problem);
            case { Form: { } form }:
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                var token = headerToken ?? FormOrJsonBody.OneValue(form, "token", errors);
                // A ranking form's blank ranks (selects left at "—") arrive as empty values: they rank nothing.
                var choices = form.TryGetValue("choices", out var values) ? values.Where(v => !string.IsNullOrEmpty(v)).ToList() : [];
                return errors.Count > 0 ? new Refused(Problems.Validation(errors)) : new Read(choices, token);
            case { Json: { } bytes }:
                var json = await JsonRequestBody.ReadAsync<BallotRequest>(Rewound(request, bytes), maxBytes, cancellationToken);
                return json is { Value: { } ballot } ? new Read(ballot.Choices, headerToken) : new Refused(json.Problem ?? throw new UnreachableException());
            default:
                throw new UnreachableException();
        }
    }

    // The bounded bytes were read once; parse them with the JSON reader that names bad fields.
    private static HttpRequest Rewound(HttpRequest request, byte[] json)
    {
        request.Body = new MemoryStream(json, writable: false);
        request.ContentLength = json.Length;
        return request;
    }
}
