using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Import;

/// <summary>
/// GET /api/console/members/import: the form that uploads a CSV of the earlier platform's members for a preview (the
/// file's format is on the page). After an import, <c>?imported=&amp;already=&amp;refused=</c> say what it did.
/// </summary>
public sealed class ShowConsoleImportFunction(ConsoleGate gate)
{
    [Function(nameof(ShowConsoleImport))]
    public async Task<IResult> ShowConsoleImport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/members/import")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        return ConsoleGate.Page(StatusCodes.Status200OK, ImportPage.Upload, session, _ => ImportPage.UploadModel(Done(request.Query), error: ""));
    }

    private static ImportPage.Done? Done(IQueryCollection query) =>
        Count(query["imported"]) is { } imported && Count(query["already"]) is { } already && Count(query["refused"]) is { } refused
            ? new ImportPage.Done(imported, already, refused, query["campaign"] == "yes")
            : null;

    private static int? Count(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;
}
