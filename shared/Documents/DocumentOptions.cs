using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>Settings of document uploads, ingestion and downloads (section <c>Documents</c>).</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "Documents";

    /// <summary>The largest file accepted; larger uploads are refused when requested and rejected when ingested.</summary>
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>When true, accepted documents wait for an operator's review before they are published.</summary>
    public bool ReviewFirst { get; set; }

    /// <summary>How long an upload URL works (at most 15 minutes).</summary>
    public TimeSpan UploadSasLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a download redirect works.</summary>
    public TimeSpan DownloadSasLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a rejected file that was kept (wrong type, refused by review, an orphan) stays in <c>rejected</c>.</summary>
    public TimeSpan RejectedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Upload URLs one member may request per UTC day; beyond it the request is answered 429.</summary>
    public int UploadsPerMemberPerDay { get; set; } = 20;
}

public sealed class DocumentOptionsValidator : IValidateOptions<DocumentOptions>
{
    /// <summary>Put Blob takes at most 5000 MiB in one request, and the upload URL is used for a single PUT.</summary>
    public const long MaxSinglePutBytes = 5000L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, DocumentOptions options)
    {
        var failures = new List<string>();
        if (options.MaxUploadBytes is < 1 or > MaxSinglePutBytes)
        {
            failures.Add($"Documents__MaxUploadBytes must be between 1 and {MaxSinglePutBytes}.");
        }

        if (options.UploadSasLifetime < TimeSpan.FromMinutes(1) || options.UploadSasLifetime > TimeSpan.FromMinutes(15))
        {
            failures.Add("Documents__UploadSasLifetime must be between 00:01:00 and 00:15:00.");
        }

        if (options.DownloadSasLifetime < TimeSpan.FromSeconds(30) || options.DownloadSasLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Documents__DownloadSasLifetime must be between 00:00:30 and 01:00:00.");
        }

        if (options.RejectedRetention < TimeSpan.FromHours(1) || options.RejectedRetention > TimeSpan.FromDays(400))
        {
            failures.Add("Documents__RejectedRetention must be between 01:00:00 and 400.00:00:00.");
        }

        if (options.UploadsPerMemberPerDay is < 1 or > 10_000)
        {
            failures.Add("Documents__UploadsPerMemberPerDay must be between 1 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
