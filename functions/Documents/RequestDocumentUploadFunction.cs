using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Documents;

/// <summary>
/// POST /api/documents/uploads (member token): validates the document's metadata and file, records it as
/// awaiting upload and answers 201 with a create-only SAS URL for exactly its upload blob (one PUT); 429 with
/// Retry-After once the member has requested <c>Documents__UploadsPerMemberPerDay</c> today. The upload page's script
/// authenticates with the browser's session cookie instead, which counts only with the session's form token in the
/// <see cref="UploadPage.FormTokenHeader"/> header (403 without it), so another site cannot spend a member's session.
/// </summary>
public sealed class RequestDocumentUploadFunction(
    MemberAccountService accounts,
    MemberSessions sessions,
    TopicStore topics,
    DocumentUploadService uploads,
    IOptions<DocumentOptions> options,
    TimeProvider time)
{
    [Function(nameof(RequestDocumentUpload))]
    public async Task<IResult> RequestDocumentUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/uploads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (MemberTokens.FromHeaderOrQuery(request) is null && MemberSessions.HasProfileSession(request))
        {
            return await sessions.AuthenticateAsync(request, MemberAction.UploadDocument, cancellationToken: cancellationToken) switch
            {
                MemberSession.Open { Member: var member, FormToken: var formToken } when IsFormToken(request, formToken) =>
                    await ReadFieldsAsync(request, member, cancellationToken),
                MemberSession.Open => FormTokenRefused(),
                MemberSession.None { Status: var status } => MemberTokens.Refused(status),
                _ => throw new UnreachableException(),
            };
        }

        return await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.UploadDocument, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await ReadFieldsAsync(request, member, cancellationToken),
            MemberAuthentication.Refused { Status: var status } => MemberTokens.Refused(status),
            _ => throw new UnreachableException(),
        };
    }

    private static bool IsFormToken(HttpRequest request, string formToken) =>
        request.Headers[UploadPage.FormTokenHeader] is { Count: 1 } sent && sent[0] is { } value
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(formToken), Encoding.UTF8.GetBytes(value));

    private static ProblemHttpResult FormTokenRefused() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "This form has expired.",
        detail: $"Reload the upload page and send the form again (the session cookie counts only with the page's {UploadPage.FormTokenHeader} header).");

    private async Task<IResult> ReadFieldsAsync(HttpRequest request, MemberEntity member, CancellationToken cancellationToken) =>
        await JsonRequestBody.ReadAsync<DocumentUploadFields>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken) switch
        {
            RequestBody<DocumentUploadFields>.Read { Value: var fields } => await RequestAsync(member, fields, cancellationToken),
            RequestBody<DocumentUploadFields>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> RequestAsync(MemberEntity member, DocumentUploadFields fields, CancellationToken cancellationToken)
    {
        var offered = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        return DocumentRules.Check(fields, offered, options.Value.MaxUploadBytes, time.GetUtcNow().Year) switch
        {
            Validated<DocumentDraft>.Valid { Value: var draft } => await uploads.RequestAsync(member.MemberId, draft, cancellationToken) switch
            {
                UploadRequestResult.Issued { Ticket: var ticket } => Created(ticket),
                UploadRequestResult.AllowanceUsed { RetryAfter: var retryAfter } => Problems.TooManyRequests(retryAfter),
                _ => throw new UnreachableException(),
            },
            Validated<DocumentDraft>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };
    }

    private static Created<UploadResponse> Created(UploadTicket ticket) => TypedResults.Created(
        $"/api/documents/{ticket.DocumentId}",
        new UploadResponse(
            ticket.DocumentId,
            "awaitingUpload",
            new UploadInstructions("PUT", ticket.UploadUrl.ToString(), ticket.Headers, ticket.ExpiresOn),
            ticket.MaxBytes));

    public sealed record UploadResponse(string DocumentId, string Status, UploadInstructions Upload, long MaxBytes);

    public sealed record UploadInstructions(string Method, string Url, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);
}
