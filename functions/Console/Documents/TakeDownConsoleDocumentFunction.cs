using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Documents;

/// <summary>
/// POST /api/console/documents/{documentId}/takedown (<c>reason</c>, required; <c>notifyUploader</c>): takes a published
/// (or pending) document down as DELETE /api/manage/documents/{documentId} does, through the same service, recorded as
/// removed by <c>operator:{id}</c>. Audited as <c>document.takedown</c>; 303 to the queue. A refused form comes back with
/// its errors (400); a document that cannot be taken down gets its page with a notice (409); an unknown id a 404 page.
/// </summary>
public sealed class TakeDownConsoleDocumentFunction(ConsoleGate gate, OperatorDocuments documents, DocumentTakedown takedown, TopicStore topics)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function(nameof(TakeDownConsoleDocument))]
    public async Task<IResult> TakeDownConsoleDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/documents/{documentId}/takedown")] HttpRequest request,
        string documentId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await TakeDownAsync(session, documentId, fields, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> TakeDownAsync(ConsoleSession.Open session, string documentId, IFormCollection fields, CancellationToken cancellationToken)
    {
        if (await documents.GetAsync(documentId, cancellationToken) is not { } document)
        {
            return DocumentPage.Missing(session);
        }

        var reason = fields["reason"].ToString();
        var notify = fields["notifyUploader"].ToString() is "on" or "true";
        switch (RemovalRequest.Check(reason, notify, $"operator:{session.Operator.Id}"))
        {
            case Validated<RemovalRequest>.Valid { Value: var removal }:
                return await takedown.RemoveAsync(document.DocumentId, removal, cancellationToken) switch
                {
                    RemovalResult.Removed { Removal: var done } => await DoneAsync(session, done, done.NotifyUploader ? "uploader notified" : "", cancellationToken),
                    RemovalResult.AlreadyRemoved { Removal: var done } => await DoneAsync(session, done, "already removed", cancellationToken),
                    RemovalResult.NotFound => DocumentPage.Missing(session),
                    RemovalResult.NotRemovable => await AgainAsync(session, document, DocumentPage.TakedownForm.Empty, StatusCodes.Status409Conflict, DocumentPage.Notices.NotRemovable, cancellationToken),
                    _ => throw new UnreachableException(),
                };
            case Validated<RemovalRequest>.Invalid { Errors: var errors }:
                var form = new DocumentPage.TakedownForm(DocumentPage.Bounded(reason, DocumentTakedown.MaxReasonLength), notify, errors);
                return await AgainAsync(session, document, form, StatusCodes.Status400BadRequest, DocumentPage.Notices.None, cancellationToken);
            default:
                throw new UnreachableException();
        }
    }

    private async Task<IResult> DoneAsync(ConsoleSession.Open session, DocumentRemoval removal, string detail, CancellationToken cancellationToken)
    {
        await gate.RecordAsync(session, "document.takedown", removal.DocumentId, detail, cancellationToken);
        return HtmlPages.SeeOther($"{ConsoleGate.Home}/documents?done=removed&document={removal.DocumentId}");
    }

    private async Task<IResult> AgainAsync(
        ConsoleSession.Open session, DocumentRecord before, DocumentPage.TakedownForm form, int status, string notice, CancellationToken cancellationToken)
    {
        var document = await documents.GetAsync(before.DocumentId, cancellationToken) ?? before;
        return DocumentPage.Show(status, session, document, await topics.ListAllAsync(cancellationToken), DocumentPage.ReviewForm.Empty, form, notice);
    }
}
