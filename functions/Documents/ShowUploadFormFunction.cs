using System.Diagnostics;
using Azure.Storage.Blobs;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Documents;

/// <summary>
/// GET /api/documents/uploads (a browser with a profile or account session, or its personal link): the upload page.
/// Its script posts the metadata to <c>RequestDocumentUpload</c> with the session cookie and the form token, then PUTs
/// the file straight to blob storage with the answered SAS URL, so the page may connect to the blob endpoint.
/// Scripts get the 404 they got before the page existed.
/// </summary>
public sealed class ShowUploadFormFunction(
    MemberSessions sessions, TopicStore topics, BlobServiceClient blobs, IOptions<DocumentOptions> documents, IOptions<EmailOptions> email, TimeProvider time)
{
    [Function(nameof(ShowUploadForm))]
    public async Task<IResult> ShowUploadForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents/uploads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!HtmlPages.PrefersHtml(request))
        {
            return Problems.NotFound("There is no published document with this id.");
        }

        if (sessions.Exchange(request) is { } exchange)
        {
            return exchange;
        }

        return await sessions.AuthenticateAsync(request, MemberAction.UploadDocument, cancellationToken: cancellationToken) switch
        {
            MemberSession.Open { Member: var member, FormToken: var formToken } => UploadPage.Form(
                member, formToken, await topics.ListActiveAsync(cancellationToken), documents.Value.MaxUploadBytes, time.GetUtcNow().Year, blobs.Uri, Contact()),
            MemberSession.None => UploadPage.NeedsLink(Contact()),
            _ => throw new UnreachableException(),
        };
    }

    private string? Contact() => email.Value.ReplyToAddress ?? email.Value.FromAddress;
}
