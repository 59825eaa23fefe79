using System.Text.Json.Nodes;
using PmoBot.Alerts;
using PmoBot.Delivery;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Warnings;

/// <summary>
/// A project's warning card and its messages, through the outbox. One card per project: when an evaluation raises a
/// warning, or raises one's severity, the card is posted anew (an edit notifies nobody) where the PMO's alerts go now
/// (<see cref="PmoNotifier"/>), the card it replaces is marked "see the new card", and the PM and the deputy PM get
/// one note. Anything else (a headline that moved, a warning that closed, a button pressed) updates the current card in
/// place, once per evaluation or action for each copy, which keeps a busy channel within Teams' limits. Keys name the
/// project, the post and the version, so repeating any step sends nothing twice; the posts are ETag-guarded
/// (<see cref="WarningPostStore"/>), so two evaluations racing post one card between them.
/// </summary>
public sealed partial class WarningAlerts(
    PmoNotifier notifier,
    Outbox outbox,
    PeopleDirectory people,
    ProjectRegister projects,
    WarningStore store,
    WarningPostStore posts,
    WarningRules rules,
    TimeProvider time,
    ILogger<WarningAlerts> logger)
{
    /// <summary>A round claims or finishes one post; more than a few in one call means others keep raising meanwhile, and the next evaluation carries on.</summary>
    private const int MaxRounds = 4;

    /// <summary>The key of post <paramref name="number"/> of the project's card; each copy's is this with <c>|channel</c> or <c>|{member}</c>.</summary>
    public static string PostKey(string projectCode, int number) => FormattableString.Invariant($"warnings|{projectCode}|{number}");

    public static string CopyKey(string projectCode, int number, AlertCopy copy) => $"{PostKey(projectCode, number)}|{copy.Suffix}";

    public static string NoteKey(string projectCode, int number, string userKey) => FormattableString.Invariant($"warnings-pm|{projectCode}|{number}|{userKey}");

    public WarningCards.RuleText RuleOf(WarningEpisode episode) =>
        WarningCards.Effective(episode, new(rules.TitleOf(episode.RuleId), rules.ExplanationOf(episode.RuleId)));

    /// <summary>
    /// After an evaluation or a change: posts the project's card anew if one of its open warnings is not announced at
    /// its severity (or finishes a post a crash left), else updates the current card in place if <paramref name="changed"/>,
    /// unless the PMO's alerts now go to a channel the card is not in: then the card is posted there.
    /// </summary>
    public async Task PublishAsync(string projectCode, bool changed, CancellationToken cancellationToken)
    {
        if (!await AnnounceAsync(projectCode, changed, cancellationToken) && changed)
        {
            await RefreshAsync(projectCode, cancellationToken);
        }
    }

    /// <summary>The project's card as it stands, for the reply to a button (which replaces the card pressed).</summary>
    public async Task<JsonObject> CardAsync(string projectCode, string? note, CancellationToken cancellationToken)
    {
        var post = await posts.GetAsync(projectCode, cancellationToken);
        return WarningCards.Project(await ViewAsync(projectCode, post, cancellationToken), RuleOf, await PmoAsync(cancellationToken), time.GetUtcNow(), note);
    }

    /// <summary>Updates every copy of the project's current card in place, as one new version.</summary>
    public async Task RefreshAsync(string projectCode, CancellationToken cancellationToken)
    {
        var current = await posts.GetAsync(projectCode, cancellationToken);
        if (current is not { IsPosted: true })
        {
            return;
        }

        var bumped = await posts.UpdateAsync(
            projectCode,
            p => p is { IsPosted: true } && p.Number == current.Number ? p with { Version = p.Version + 1 } : null,
            cancellationToken);
        if (bumped is null)
        {
            return;
        }

        var view = await ViewAsync(projectCode, bumped, cancellationToken);
        var card = WarningCards.Project(view, RuleOf, await PmoAsync(cancellationToken), time.GetUtcNow());
        var text = WarningCards.AlertText(view, RuleOf);
        foreach (var copy in bumped.Copies!)
        {
            var original = CopyKey(projectCode, bumped.Number, copy);
            await outbox.EnqueueAsync(
                new DeliveryRequest(FormattableString.Invariant($"{original}|v{bumped.Version}"), new DeliveryTarget(copy.Kind, copy.TargetKey), text, card, Replaces: original, Version: bumped.Version),
                cancellationToken);
        }
    }

    /// <param name="moveIfElsewhere">
    /// The card changed: if the PMO's alerts now go to a channel it is not in, it is posted there (an edit would reach
    /// only where the PMO no longer looks), and its old copies say where it went.
    /// </param>
    /// <returns>True when a card was posted (or a post finished).</returns>
    private async Task<bool> AnnounceAsync(string projectCode, bool moveIfElsewhere, CancellationToken cancellationToken)
    {
        var posted = false;

        // The post as this evaluation last wrote it: the next round starts from it rather than reading it again (a
        // post changed meanwhile refuses the write made from it, and is read then).
        StoredWarningPost? written = null;
        for (var round = 0; round < MaxRounds; round++)
        {
            var stored = written ?? await posts.ReadAsync(projectCode, cancellationToken);
            written = null;
            var current = stored.Post;
            if (current is { IsPosted: false })
            {
                written = await FinishAsync(stored, null, cancellationToken);
                posted = true;
                continue;
            }

            // Read after the post, never beside it: a finished post's warnings are marked before its copies are
            // recorded, so a post seen finished means its warnings are seen announced (else a second card would go out).
            var open = await store.ListOpenAsync(projectCode, cancellationToken);
            var pending = open.Where(e => !e.Posted).ToList();
            var moved = pending.Count == 0 && moveIfElsewhere && open.Count > 0 && !posted && current is { IsPosted: true }
                && await notifier.ChannelAsync(cancellationToken) is { } channel
                && !current.Copies!.Any(c => c.Kind == Conversations.ConversationKind.Channel && c.TargetKey == channel.ConversationKey);
            if (pending.Count == 0 && !moved)
            {
                return posted;
            }

            var escalated = current is not null && pending.Any(e => current.Announced.Any(a => a.EpisodeId == e.Id));
            var claim = new WarningPost(
                projectCode,
                (current?.Number ?? 0) + 1,
                1,
                open.Select(e => new AnnouncedWarning(e.Id, e.Severity)).ToList(),
                escalated,
                time.GetUtcNow(),
                Copies: null,
                Previous: current?.Copies ?? [],
                Moved: moved);
            var claimed = await posts.UpdateAsync(projectCode, p => p?.Number == current?.Number && p?.IsPosted != false ? claim : null, stored, cancellationToken);
            if (claimed is { Post: { } ours })
            {
                // Ours, as written under the ETag: finished now rather than read again. Another evaluation finishing
                // it too sends nothing twice (every message is keyed by the post).
                LogPosting(projectCode, ours.Number, pending.Count, escalated, moved);
                written = await FinishAsync(claimed, open, cancellationToken);
                posted = true;
            }

            // The next round finishes a post another evaluation claimed, or finds what was raised meanwhile.
        }

        return posted;
    }

    /// <summary>
    /// Queues a claimed post: the card where the PMO's alerts go now, "see the new card" on the copies it replaces, and
    /// one note each for the PM and the deputy PM. Then records the copies and marks its warnings announced.
    /// </summary>
    /// <param name="stored">The claimed post as last read or written; recording its copies starts from it.</param>
    /// <param name="open">The project's open warnings as the claim read them (null for a post another evaluation claimed).</param>
    /// <returns>The post as finished here, or null when someone else finished it first.</returns>
    private async Task<StoredWarningPost?> FinishAsync(StoredWarningPost stored, IReadOnlyList<WarningEpisode>? open, CancellationToken cancellationToken)
    {
        var post = stored.Post ?? throw new ArgumentException("Only a claimed post is finished.", nameof(stored));
        var code = post.ProjectCode;

        // The register, the card's warnings, the PMO's members and where the PMO's alerts go are independent reads.
        var projectRead = ProjectAsync(code, cancellationToken);
        var pmoRead = PmoAsync(cancellationToken);
        var audienceRead = notifier.AudienceAsync(pmoRead, cancellationToken);
        var view = await ViewAsync(code, post, cancellationToken, projectRead, open);
        var project = await projectRead;
        var pmo = await pmoRead;
        var now = time.GetUtcNow();
        var card = WarningCards.Project(view, RuleOf, pmo, now);
        var notice = await notifier.PostAsync(await audienceRead, PostKey(code, post.Number), WarningCards.AlertText(view, RuleOf), card, cancellationToken);

        // Each message has its own key, so the outbox takes them side by side.
        var replaced = WarningCards.Project(view, RuleOf, pmo, now, replaced: new CardReplaced(post.Escalated, notice.Where, post.PostedAt, post.Moved));
        var note = WarningCards.ManagerNote(view, RuleOf);
        var noteText = WarningCards.ManagerNoteText(view, RuleOf);
        var replacedRequests = post.Previous.Select(copy =>
        {
            var original = CopyKey(code, post.Number - 1, copy);
            // The old card's last word: no version of it still on its way may undo "see the new card".
            return new DeliveryRequest($"{original}|replaced", new DeliveryTarget(copy.Kind, copy.TargetKey), $"See the new card for {code}: posted in {notice.Where.Replace("**", string.Empty, StringComparison.Ordinal)}.", replaced, Replaces: original, Version: UpdatePlanner.LastWordVersion);
        });
        // A card that only moved to where the PMO now looks raised nothing new: the managers were told already.
        var noteRequests = (post.Moved ? [] : ManagersOf(project, view)).Select(manager => new DeliveryRequest(NoteKey(code, post.Number, manager), DeliveryTarget.PersonalChat(manager), noteText, note));
        await Task.WhenAll(replacedRequests.Concat(noteRequests).Select(request => outbox.EnqueueAsync(request, cancellationToken)));

        // The warnings are marked announced first, the post's copies recorded last: whoever sees the post finished then
        // sees its warnings announced and claims no second card for them. A crash in between leaves a post without
        // copies, which the next evaluation finishes again (every message is keyed by the post, so nothing goes twice).
        // A warning whose severity rose after the claim stays unannounced: the next card carries it.
        await Task.WhenAll(post.Announced.Select(announced =>
            store.UpdateOpenAsync(announced.EpisodeId, e => !e.Posted && e.Severity <= announced.Severity ? e with { Posted = true } : null, cancellationToken)));
        var copies = notice.Copies.Select(r => new AlertCopy(r.IdempotencyKey[(PostKey(code, post.Number).Length + 1)..], r.Target.Kind, r.Target.Key)).ToList();
        return await posts.UpdateAsync(code, p => p is { IsPosted: false } && p.Number == post.Number ? p with { Copies = copies } : null, stored, cancellationToken);
    }

    private async Task<Project?> ProjectAsync(string code, CancellationToken cancellationToken) =>
        (await projects.GetAsync(code, cancellationToken))?.Project;

    /// <summary>The PM and the deputy PM of the project (as registered now; the warnings' PM if it left the register).</summary>
    private static IEnumerable<string> ManagersOf(Project? project, ProjectWarnings view) =>
        project is not null
            ? project.People.Select(p => p.Person.UserKey).Distinct(StringComparer.OrdinalIgnoreCase)
            : view.Open.Concat(view.Closed).Select(e => e.ManagerKey).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>What the card shows: every open warning of the project, and those on the post that closed since.</summary>
    /// <param name="known">The open warnings, when the caller has just read them.</param>
    private async Task<ProjectWarnings> ViewAsync(string code, WarningPost? post, CancellationToken cancellationToken, Task<Project?>? projectRead = null, IReadOnlyList<WarningEpisode>? known = null)
    {
        var open = known ?? await store.ListOpenAsync(code, cancellationToken);
        var gone = await Task.WhenAll((post?.Announced ?? [])
            .Where(announced => open.All(e => e.Id != announced.EpisodeId))
            .Select(announced => store.GetAsync(announced.EpisodeId, cancellationToken)));
        var closed = gone.Where(e => e is { Status: WarningStatus.Closed }).Select(e => e!).ToList();
        var project = projectRead is null ? null : await projectRead;

        var any = open.Concat(closed).FirstOrDefault();
        return ProjectWarnings.Of(
            code,
            project?.Name ?? any?.ProjectName ?? code,
            project?.Manager.Name ?? any?.ManagerName ?? "unknown",
            open,
            closed);
    }

    private Task<IReadOnlyList<RoleHolder>> PmoAsync(CancellationToken cancellationToken) => people.ListRoleHoldersAsync(cancellationToken, Role.Pmo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Posting warning card {Number} of {ProjectCode}: {Pending} warnings to announce (escalated: {Escalated}, moved to the alert channel: {Moved})")]
    private partial void LogPosting(string projectCode, int number, int pending, bool escalated, bool moved);
}
