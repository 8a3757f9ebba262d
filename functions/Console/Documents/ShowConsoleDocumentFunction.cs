using CoP.Shared.Documents;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Documents;

/// <summary>
/// GET /api/console/documents/{documentId}: a document in any state: every field of its metadata, its file (name, type,
/// size, SHA-256) with a download while it is stored, where it stands and since when; the review form while it waits for
/// review, the takedown form once published. An unknown id gets a 404 page.
/// </summary>
public sealed class ShowConsoleDocumentFunction(ConsoleGate gate, OperatorDocuments documents, TopicStore topics)
{
    [Function(nameof(ShowConsoleDocument))]
    public async Task<IResult> ShowConsoleDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/documents/{documentId}")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        return await documents.GetAsync(documentId, cancellationToken) is { } document
            ? DocumentPage.Show(session, document, await topics.ListAllAsync(cancellationToken))
            : DocumentPage.Missing(session);
    }
}
