using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Validation;
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
        return await FormOrJsonBody.ReadAsync(request, maxBytes, cancellationToken) switch
        {
            FormOrJsonBody.Refused { Problem: var problem } => new Refused(problem),
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
        // A ranking form's blank ranks (selects left at "—") arrive as empty values: they rank nothing.
        List<string?> choices = form.TryGetValue("choices", out var values) ? values.Where(v => !string.IsNullOrEmpty(v)).ToList() : [];
        return errors.Result(() => new Read(choices, token)) switch
        {
            Validated<Read>.Valid { Value: var read } => read,
            Validated<Read>.Invalid { Errors: var invalid } => new Refused(Problems.Validation(invalid)),
            _ => throw new UnreachableException(),
        };
    }

    // The bounded bytes were read once; parse them with the JSON reader that names bad fields.
    private static HttpRequest Rewound(HttpRequest request, byte[] json)
    {
        request.Body = new MemoryStream(json, writable: false);
        request.ContentLength = json.Length;
        return request;
    }
}
