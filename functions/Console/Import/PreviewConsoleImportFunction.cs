using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members.Import;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Import;

/// <summary>
/// POST /api/console/members/import/preview (multipart: <c>file</c> and the anti-forgery field): checks every row of the
/// file as <see cref="MemberImportService.PreviewAsync"/> does, keeps the file under its SHA-256 for the import that
/// follows, and shows the counts, the refused rows and the form that imports it; audited as <c>members.import.preview</c>
/// (the hash and the counts). A file that cannot be read comes back on the upload form with the reason (400, 413).
/// </summary>
public sealed class PreviewConsoleImportFunction(ConsoleGate gate, MemberImportService imports, ImportFileStore files)
{
    /// <summary>The file's bound and room for the form's other field and the multipart framing.</summary>
    private const int MaxBodyBytes = ImportFile.MaxBytes + (64 * 1024);

    [Function(nameof(PreviewConsoleImport))]
    public async Task<IResult> PreviewConsoleImport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/members/import/preview")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        return await ReadUploadAsync(request, session, cancellationToken) switch
        {
            Upload.File { Bytes: var file } => await PreviewAsync(session, file, cancellationToken),
            Upload.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> PreviewAsync(ConsoleSession.Open session, byte[] file, CancellationToken cancellationToken)
    {
        switch (await imports.PreviewAsync(new MemoryStream(file, writable: false), cancellationToken))
        {
            case ImportPreviewResult.FileRefused { Message: var message }:
                return UploadAgain(StatusCodes.Status400BadRequest, session, message);
            case ImportPreviewResult.Previewed { Preview: var preview }:
                var hash = await files.KeepAsync(file, cancellationToken);
                await gate.RecordAsync(
                    session, "members.import.preview", hash,
                    $"rows={preview.TotalRows} new={preview.ToImport} already={preview.AlreadyMembers} refused={preview.RefusedRows}", cancellationToken);
                return ConsoleGate.Page(StatusCodes.Status200OK, ImportPage.Preview, session, _ => ImportPage.PreviewModel(hash, preview));
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>
    /// The one file of a form that carries the session's anti-forgery field, or the answer that refuses the post. The
    /// field is checked before anything else of the form, whatever its encoding: a form without it does nothing.
    /// </summary>
    private static async Task<Upload> ReadUploadAsync(HttpRequest request, ConsoleSession.Open session, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return new Upload.Refused(Problems.UnsupportedMediaType("multipart/form-data"));
        }

        if (await BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken) is not { } body)
        {
            return new Upload.Refused(UploadAgain(StatusCodes.Status413PayloadTooLarge, session, TooLarge));
        }

        // Parse the bounded copy, never the live stream; the limits keep a crafted multipart body small.
        request.Body = new MemoryStream(body, writable: false);
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            ValueCountLimit = 8,
            KeyLengthLimit = 64,
            ValueLengthLimit = 1024,
            MultipartBodyLengthLimit = MaxBodyBytes,
            MultipartHeadersCountLimit = 8,
            MultipartHeadersLengthLimit = 2048,
        }));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or FormatException or InvalidOperationException)
        {
            return new Upload.Refused(Problems.Validation("body", "The form data is malformed."));
        }

        if (!ConsoleGate.CarriesFormToken(session, form))
        {
            return new Upload.Refused(ConsoleGate.FormExpired());
        }

        if (form.Files is not [{ Name: "file" } file])
        {
            return new Upload.Refused(UploadAgain(StatusCodes.Status400BadRequest, session, "Choose one CSV file to check."));
        }

        if (file.Length > ImportFile.MaxBytes)
        {
            return new Upload.Refused(UploadAgain(StatusCodes.Status413PayloadTooLarge, session, TooLarge));
        }

        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes, cancellationToken);
        return new Upload.File(bytes.ToArray());
    }

    private static string TooLarge => $"The file is larger than {ImportFile.MaxBytes / (1024 * 1024)} MB: split it into smaller files.";

    private static IResult UploadAgain(int status, ConsoleSession.Open session, string error) =>
        ConsoleGate.Page(status, ImportPage.Upload, session, _ => ImportPage.UploadModel(done: null, error));

    /// <summary>An upload: the file's bytes, or the answer that refuses the post.</summary>
    private abstract record Upload
    {
        private Upload()
        {
        }

        public sealed record File(byte[] Bytes) : Upload;

        public sealed record Refused(IResult Answer) : Upload;
    }
}
