using CoP.Functions.Http;
using CoP.Shared.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Documents;

/// <summary>
/// GET /api/console/documents/{documentId}/content: the file of a document waiting for review or published, for the
/// operator to open before deciding. It streams through the function as an attachment (its safe name, the type
/// ingestion found, <c>nosniff</c>), so that no file a member sent ever opens inside the console's origin. Any other
/// state, or an unknown id, gets a 404 problem.
/// </summary>
public sealed class DownloadConsoleDocumentFunction(ConsoleGate gate, OperatorDocuments documents)
{
    [Function(nameof(DownloadConsoleDocument))]
    public async Task<IResult> DownloadConsoleDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/documents/{documentId}/content")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open)
        {
            return ConsoleGate.SignInRequired(request);
        }

        if (await documents.OpenFileAsync(documentId, cancellationToken) is not { } file)
        {
            return Problems.NotFound("There is no document waiting for review or published with this id.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.ContentDisposition = DocumentBlobs.AttachmentDisposition(file.FileName);
        headers.XContentTypeOptions = "nosniff";
        headers.ContentLength = file.Bytes;
        return TypedResults.Stream(file.Content, file.ContentType);
    }
}
