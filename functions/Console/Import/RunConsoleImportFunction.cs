using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members.Import;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Import;

/// <summary>
/// POST /api/console/members/import (<c>file</c>: the previewed file's hash; <c>campaign</c>: send each new member a
/// confirmation mail): imports the kept file with <see cref="MemberImportService.ImportAsync"/>, deletes it, records
/// <c>members.import</c> (the hash and the counts), and 303s to the import page saying what it did. A file no longer
/// kept (imported already, or previewed more than a day ago) comes back on the upload form (404).
/// </summary>
public sealed class RunConsoleImportFunction(ConsoleGate gate, MemberImportService imports, ImportFileStore files)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(RunConsoleImport))]
    public async Task<IResult> RunConsoleImport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/members/import")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await ImportAsync(session, fields, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ImportAsync(ConsoleSession.Open session, IFormCollection fields, CancellationToken cancellationToken)
    {
        var hash = fields["file"].ToString();
        if (!ImportFileStore.IsHash(hash))
        {
            return Problems.Validation("file", "The file is named by the SHA-256 of its bytes: 64 lowercase hexadecimal digits.");
        }

        var campaign = fields["campaign"].ToString() is "yes" or "on" or "true";
        await using var file = await files.OpenAsync(hash, cancellationToken);
        if (file is null)
        {
            return ConsoleGate.Page(
                StatusCodes.Status404NotFound, ImportPage.Upload, session,
                _ => ImportPage.UploadModel(done: null, "This file is no longer kept (imported already, or checked more than a day ago): choose it again to check it."));
        }

        switch (await imports.ImportAsync(file, campaign, cancellationToken))
        {
            case ImportResult.Imported { Counts: var counts }:
                await files.DeleteAsync(hash, cancellationToken);
                await gate.RecordAsync(
                    session, "members.import", hash,
                    $"imported={counts.Imported} already={counts.AlreadyMembers} refused={counts.Refused} campaign={(campaign ? "yes" : "no")}", cancellationToken);
                return HtmlPages.SeeOther(ImportPage.DoneLocation(counts, campaign));
            case ImportResult.FileRefused { Message: var message }:
                return ConsoleGate.Page(StatusCodes.Status400BadRequest, ImportPage.Upload, session, _ => ImportPage.UploadModel(done: null, message));
            default:
                throw new UnreachableException();
        }
    }
}
