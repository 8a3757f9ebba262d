using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Events.Registrations;

/// <summary>
/// The member token of a registration: <c>Authorization: Bearer</c> (scripts: no body, or a JSON object, whose fields
/// are ignored), or the <c>token</c> field of a form (a form on another site that holds the member's link); or the
/// problem that refuses the body.
/// </summary>
public abstract record RegistrationTokenBody
{
    private RegistrationTokenBody()
    {
    }

    public sealed record Read(string? Token) : RegistrationTokenBody;

    public sealed record Refused(IResult Problem) : RegistrationTokenBody;

    public static async Task<RegistrationTokenBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var headerToken = MemberTokens.FromHeaderOrQuery(request);
        if (request.ContentLength is 0 || (request.ContentType is null && request.ContentLength is null))
        {
            return new Read(headerToken);
        }

        return await FormOrJsonBody.ReadAsync(request, maxBytes, cancellationToken) switch
        {
            FormOrJsonBody.Refused { Problem: var problem } => new Refused(problem),
            FormOrJsonBody.Form { Fields: var form } => FromForm(form, headerToken),
            FormOrJsonBody.Json { Bytes: var bytes } => await JsonRequestBody.ReadAsync<EventRegistrationRequest>(Rewound(request, bytes), maxBytes, cancellationToken) switch
            {
                RequestBody<EventRegistrationRequest>.Read => new Read(headerToken),
                RequestBody<EventRegistrationRequest>.Refused { Problem: var problem } => new Refused(problem),
                _ => throw new UnreachableException(),
            },
            _ => throw new UnreachableException(),
        };
    }

    private static RegistrationTokenBody FromForm(IFormCollection form, string? headerToken)
    {
        var errors = new FieldErrors();
        var token = headerToken ?? FormOrJsonBody.OneValue(form, "token", errors);
        return errors.Result(() => token) switch
        {
            Validated<string?>.Valid { Value: var valid } => new Read(valid),
            Validated<string?>.Invalid { Errors: var invalid } => new Refused(Problems.Validation(invalid)),
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

    /// <summary>A registration's JSON body: nothing to say yet (the token says who), but it must be an object.</summary>
    public sealed record EventRegistrationRequest;
}
