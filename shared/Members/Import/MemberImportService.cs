using System.Diagnostics;
using CoP.Shared.Email.Queue;
using CoP.Shared.Privacy;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members.Import;

/// <summary>
/// Brings the members of the community's earlier platform in from a CSV file (<see cref="ImportFile"/>). Every row is
/// checked by the registration's rules (<see cref="ImportRules"/>); <see cref="PreviewAsync"/> says what an import would
/// do and writes nothing; <see cref="ImportAsync"/> writes each new address as a member, with the consent it gave there
/// recorded as imported, and leaves the members it finds unchanged. An address is claimed in the email index as a
/// registration claims it, so importing a file twice, or twice at once, makes each member once.
/// </summary>
public sealed class MemberImportService(
    MemberStore store,
    MemberEmailIndex emails,
    ConsentLedger ledger,
    TopicStore topics,
    QueuedMail mail,
    Pseudonymizer pseudonymizer,
    IOptions<PrivacyOptions> privacy,
    TimeProvider time)
{
    /// <summary>The channel of an imported member's consent records.</summary>
    public const string Channel = "import";

    /// <summary>Rows looked up or written at once: a file of a few thousand rows takes seconds, and storage is not flooded.</summary>
    public const int Concurrency = 8;

    private const int MaxAttempts = 6;

    /// <summary>What importing <paramref name="file"/> would do: its rows, the new members, those already members, and the rows refused and why. Writes nothing.</summary>
    public async Task<ImportPreviewResult> PreviewAsync(Stream file, CancellationToken cancellationToken = default)
    {
        switch (await CheckAsync(file, cancellationToken))
        {
            case FileCheck.Refused { Message: var message }:
                return new ImportPreviewResult.FileRefused(message);
            case FileCheck.Checked { Rows: var rows } check:
                var already = 0;
                await Parallel.ForEachAsync(rows, Parallelism(cancellationToken), async (row, token) =>
                {
                    if (await emails.FindAsync(row.EmailKey, token) is not null)
                    {
                        Interlocked.Increment(ref already);
                    }
                });
                return new ImportPreviewResult.Previewed(new ImportPreview(check.TotalRows, rows.Count - already, already, check.RefusedRows, check.Errors));
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>
    /// Imports the rows of <paramref name="file"/> that pass the checks and whose address is not a member yet. Without a
    /// <paramref name="confirmationCampaign"/> each becomes a confirmed member who receives the newsletter, and no mail
    /// is sent; with one, each stays pending and is sent the registration's confirmation through the mail queue, and
    /// is removed like any registration not confirmed in time.
    /// </summary>
    public async Task<ImportResult> ImportAsync(Stream file, bool confirmationCampaign, CancellationToken cancellationToken = default)
    {
        switch (await CheckAsync(file, cancellationToken))
        {
            case FileCheck.Refused { Message: var message }:
                return new ImportResult.FileRefused(message);
            case FileCheck.Checked { Rows: var rows } check:
                var imported = 0;
                await Parallel.ForEachAsync(rows, Parallelism(cancellationToken), async (row, token) =>
                {
                    if (await ImportRowAsync(row, confirmationCampaign, token))
                    {
                        Interlocked.Increment(ref imported);
                    }
                });
                return new ImportResult.Imported(new ImportCounts(imported, rows.Count - imported, check.RefusedRows));
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>Reads the file and checks every row: the rows to import (each address once), and the errors of the others.</summary>
    private async Task<FileCheck> CheckAsync(Stream file, CancellationToken cancellationToken) =>
        await ImportFile.ReadAsync(file, cancellationToken) switch
        {
            ImportFileRead.Refused { Message: var message } => new FileCheck.Refused(message),
            ImportFileRead.Read { Rows: var rows } => Check(rows, (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal)),
            _ => throw new UnreachableException(),
        };

    private FileCheck.Checked Check(IReadOnlyList<ImportRow> rows, IReadOnlySet<string> offeredTopics)
    {
        var now = time.GetUtcNow();
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var toImport = new List<CheckedRow>();
        var errors = new List<ImportRowError>();
        var refused = 0;
        foreach (var row in rows)
        {
            var emailKey = row.Problem is null && MemberRules.CheckEmail(row.Email, out var address) is null
                ? pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(address))
                : null;
            int? firstLine = emailKey is not null && !firstLines.TryAdd(emailKey, row.Line) ? firstLines[emailKey] : null;
            switch (ImportRules.Check(row, offeredTopics, now))
            {
                case Validated<ImportedMember>.Valid { Value: var member } when firstLine is null && emailKey is not null:
                    toImport.Add(new CheckedRow(member, emailKey));
                    break;
                case var refusal:
                    refused++;
                    if (firstLine is { } line)
                    {
                        errors.Add(new ImportRowError(row.Line, "email", $"The same address is on line {line}."));
                    }

                    if (refusal is Validated<ImportedMember>.Invalid { Errors: var fieldErrors })
                    {
                        errors.AddRange(fieldErrors
                            .OrderBy(e => ColumnOrder(e.Key))
                            .Select(e => new ImportRowError(row.Line, e.Key, e.Value[0])));
                    }

                    break;
            }
        }

        return new FileCheck.Checked(rows.Count, toImport, refused, errors);
    }

    /// <summary>
    /// Writes one row's member unless its address is claimed already; true when it did. The consent evidence goes
    /// first, so that an imported member is never without it: an import that stops half-way leaves a claim without a
    /// member, released after a while (<see cref="MemberEmailIndex.OrphanedClaimAge"/>) by the next import or
    /// registration of the address, and evidence that names no one.
    /// </summary>
    private async Task<bool> ImportRowAsync(CheckedRow row, bool confirmationCampaign, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var memberId = MemberStore.NewMemberId();
            if (await emails.TryClaimAsync(row.EmailKey, memberId, now, cancellationToken))
            {
                await WriteMemberAsync(memberId, row, confirmationCampaign, now, cancellationToken);
                return true;
            }

            var claim = await emails.FindAsync(row.EmailKey, cancellationToken);
            if (claim is null)
            {
                continue; // Erased in between: claim it afresh.
            }

            if (now - claim.ClaimedAt > MemberEmailIndex.OrphanedClaimAge && await store.GetAsync(claim.MemberId, cancellationToken) is null)
            {
                await emails.TryReleaseAsync(claim, cancellationToken);
                continue;
            }

            return false; // A member, or one being written by a concurrent import or registration.
        }

        return false;
    }

    private async Task WriteMemberAsync(string memberId, CheckedRow row, bool confirmationCampaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var imported = row.Member;
        IReadOnlyList<ConsentEvent> consented = confirmationCampaign ? [ConsentEvent.Import] : [ConsentEvent.Import, ConsentEvent.NewsletterOptIn];
        await ledger.AppendImportedAsync(memberId, consented, privacy.Value.PolicyVersion, Channel, imported.ConsentedAt, imported.ConsentSource, cancellationToken);

        var member = new MemberEntity
        {
            PartitionKey = memberId,
            EmailKey = row.EmailKey,
            Email = imported.Details.Email,
            Status = (confirmationCampaign ? MemberStatus.Pending : MemberStatus.Confirmed).ToString(),
            CreatedAt = now,
            ConfirmedAt = confirmationCampaign ? null : now,
        };
        member.Apply(imported.Details);

        // A fresh id: false only when the storage client sent our insert again after its answer was lost.
        await store.TryAddAsync(member, cancellationToken);
        if (confirmationCampaign)
        {
            await mail.EnqueueAsync(ImportConfirmationMailPreparer.MailKind, new QueuedImportConfirmation(memberId), cancellationToken);
        }
    }

    /// <summary>A row's errors in the order of the columns; an error of the whole row first.</summary>
    private static int ColumnOrder(string field) => ImportFile.Columns.ToList().IndexOf(field);

    private static ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };

    /// <summary>A row that passed the checks, with the keyed hash of its address.</summary>
    private sealed record CheckedRow(ImportedMember Member, string EmailKey);

    /// <summary>A file's rows checked: those to import and the errors of the others; or why the file cannot be read.</summary>
    private abstract record FileCheck
    {
        private FileCheck()
        {
        }

        public sealed record Checked(int TotalRows, IReadOnlyList<CheckedRow> Rows, int RefusedRows, IReadOnlyList<ImportRowError> Errors) : FileCheck;

        public sealed record Refused(string Message) : FileCheck;
    }
}
