using System.Diagnostics;
using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Projects.Submission;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CoP.Functions.Projects.Submission;

/// <summary>
/// A member's JSON request on their projects: the member (a personal link allowing <see cref="MemberAction.MapProjects"/>,
/// as <c>Authorization: Bearer</c> or the link's <c>token</c> parameter) and the bounded body as one JSON value, kept as
/// it was sent (duplicate names included, which the rules refuse); or the 4xx problem that refuses the request. The
/// link is checked first, so an anonymous caller's body is never read.
/// </summary>
public abstract record ProjectRequest
{
    /// <summary>A definition with the largest boundary and room for its texts and lists.</summary>
    public const int MaxBodyBytes = ProjectGeoJson.MaxBoundaryBytes + (64 * 1024);

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    private ProjectRequest()
    {
    }

    public sealed record Read(MemberEntity Member, JsonElement Json) : ProjectRequest;

    public sealed record Refused(IResult Problem) : ProjectRequest;

    /// <summary>Reads the request: 401/403 for the link, 415 for another media type than <paramref name="mediaTypes"/>, 413 when too large, 400 when not JSON.</summary>
    public static async Task<ProjectRequest> ReadAsync(
        MemberAccountService accounts, HttpRequest request, IReadOnlyList<string> mediaTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(request);
        var token = MemberTokens.FromHeaderOrQuery(request);
        return await accounts.AuthenticateAsync(token, MemberAction.MapProjects, cancellationToken: cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await BodyAsync(member, request, mediaTypes, cancellationToken),
            MemberAuthentication.Refused { Status: var status } => new Refused(MemberTokens.Refused(status)),
            _ => throw new UnreachableException(),
        };
    }

    private static async Task<ProjectRequest> BodyAsync(MemberEntity member, HttpRequest request, IReadOnlyList<string> mediaTypes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaTypes.Contains(mediaType.MediaType.Value ?? "", StringComparer.OrdinalIgnoreCase)
            || (mediaType.Charset.Value is { } charset && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return new Refused(Problems.UnsupportedMediaType(string.Join(" or ", mediaTypes)));
        }

        if (await BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken) is not { } bytes)
        {
            return new Refused(Problems.PayloadTooLarge(MaxBodyBytes));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, DocumentOptions);
            return new Read(member, document.RootElement.Clone());
        }
        catch (JsonException)
        {
            return new Refused(Problems.Validation("body", "The body is not valid JSON."));
        }
    }
}
