namespace CoP.Shared.Documents;

/// <summary>
/// Sends the uploader at most one email per decision, even when several invocations finish the same document:
/// the row is marked under its ETag before sending, and only the invocation whose mark lands sends. A failed
/// send removes the mark again and escapes, so the platform's retry sends it.
/// </summary>
public sealed class DocumentOutcomeNotifier(DocumentStore store, DocumentMailer mailer, TimeProvider time)
{
    public async Task NotifyOnceAsync(DocumentEntity document, string? note, CancellationToken cancellationToken)
    {
        if (document.OutcomeEmailedAt is not null)
        {
            return;
        }

        document.OutcomeEmailedAt = time.GetUtcNow();
        if (!await store.TryReplaceAsync(document, cancellationToken))
        {
            return;
        }

        try
        {
            await mailer.SendOutcomeAsync(document, note, cancellationToken);
        }
        catch
        {
            document.OutcomeEmailedAt = null;
            await store.TryReplaceAsync(document, CancellationToken.None);
            throw;
        }
    }
}
