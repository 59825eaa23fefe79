using PmoBot.Cards;
using PmoBot.Commands;
using PmoBot.People;

namespace PmoBot.Processes;

/// <summary>The process form's Save: every error comes back in the same card; an edit never overwrites someone else's.</summary>
public sealed class ProcessSaveCardAction(ProcessInputReader reader, ProcessLibrary library, TimeProvider time) : ICardActionHandler
{
    public string Verb => ProcessCards.SaveVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var input = ProcessCards.Read(request);
        if (input.FormId is { Length: > AdaptiveCard.MaxFormIdLength })
        {
            return Reply.Message($"This process form is not one PmoBot made (its id is too long), so nothing was saved. Type **{ProcessCommands.AddCommand}** for a fresh form.");
        }

        var key = request.Field(ProcessCards.KeyField);
        var etag = request.Field(ProcessCards.ETagField);
        var by = new ProcessStamp(request.Caller.UserKey, request.Caller.Name, time.GetUtcNow());
        StoredProcess? editing = null;
        if (key is not null)
        {
            editing = await library.GetAsync(key, cancellationToken);
            if (editing is null || etag is null)
            {
                return Reply.Message($"The process this form edits is no longer in the library, so nothing was saved. Type **{ProcessCommands.ListCommand}** to see it.");
            }
        }

        var reading = await reader.ReadAsync(input, editing?.Process, by, [], cancellationToken);
        if (reading.Process is not { } process)
        {
            return Reply.WithCard(ProcessCards.Form(input, key, etag, reading.Errors), "Nothing was saved yet: " + reading.Errors[0]);
        }

        var result = editing is null
            ? await library.AddAsync(process, cancellationToken)
            : await library.UpdateAsync(process, etag!, cancellationToken);
        if (result is ProcessSaveResult.Duplicate { Existing.FormId: { } formId } again && formId == input.FormId && await library.GetAsync(again.Existing.Key, cancellationToken) is { } first)
        {
            return await ShowAsync(first, request.Caller, $"Already saved: this form added {first.Process.Name} before, so nothing new was created.", cancellationToken);
        }

        return result switch
        {
            ProcessSaveResult.Saved saved => await ShowAsync(saved.Process, request.Caller, editing is null ? $"Added {saved.Process.Process.Name}. Publish its first version when it is ready." : "Saved.", cancellationToken),
            ProcessSaveResult.Unchanged unchanged => await ShowAsync(unchanged.Process, request.Caller, "Nothing changed, so nothing was saved.", cancellationToken),
            ProcessSaveResult.Duplicate duplicate => Reply.WithCard(
                ProcessCards.Form(input, key, etag, [$"There is already a process called {duplicate.Existing.Name}: choose another name, or type **{ProcessCommands.EditCommand} {duplicate.Existing.Key}** to change that one."]),
                "Nothing was saved: the name is taken."),
            ProcessSaveResult.Conflict conflict => Reply.WithCard(
                ProcessCards.Form(ProcessInput.From(conflict.Latest.Process), conflict.Latest.Process.Key, conflict.Latest.ETag, notice: $"{conflict.Latest.Process.Updated.ByName} changed this process while you were editing it, so nothing was saved. Here it is as it is now; make your change again."),
                "Nothing was saved: someone else changed the process meanwhile."),
            ProcessSaveResult.Gone => Reply.Message($"The process this form edits is no longer in the library, so nothing was saved. Type **{ProcessCommands.ListCommand}** to see it."),
            _ => throw new InvalidOperationException("Unknown save result."),
        };
    }

    private async Task<Reply> ShowAsync(StoredProcess stored, PmoUser viewer, string notice, CancellationToken cancellationToken) =>
        Reply.WithCard(ProcessCards.Process(stored.Process, await library.VersionsAsync(stored.Process.Key, cancellationToken), viewer, notice), notice);
}

/// <summary>
/// The publish form's Publish: checks the form and, when PMs must acknowledge, who the audience is (errors come back on
/// the form, nothing published); then adds the version after the one the form was opened on and starts its rollout.
/// </summary>
public sealed class VersionPublishCardAction(
    ProcessLibrary library,
    ProcessPublisher publisher,
    RolloutAudienceResolver audiences,
    RolloutStarter rollouts,
    ComplianceTemplatePublisher compliance,
    AnnouncementChannels channels,
    TimeProvider time) : ICardActionHandler
{
    public string Verb => VersionForm.PublishVerb;

    public IReadOnlySet<Role> AllowedRoles => Roles.PmoOrAdmin;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var key = request.Field(VersionForm.KeyField);
        var stored = key is null ? null : await library.GetAsync(key, cancellationToken);
        if (stored is null || !int.TryParse(request.Field(VersionForm.BasedOnField), out var basedOn) || basedOn < 0)
        {
            return Reply.Message($"That Publish button did not say which process it was for, so nothing was published. Type **{ProcessCommands.PublishCommand}** and the process's name for a fresh form.");
        }

        var input = VersionForm.Read(request);
        if (input.FormId is { Length: > AdaptiveCard.MaxFormIdLength })
        {
            return Reply.Message($"This Publish form is not one PmoBot made (its id is too long), so nothing was published. Type **{ProcessCommands.PublishCommand} {stored.Process.Name}** for a fresh form.");
        }

        var now = time.GetUtcNow();
        var offered = await channels.ListAsync(cancellationToken);
        // "Today or later" for the acknowledge-by date is the publisher's today, the date their form's picker shows.
        var (draft, errors) = VersionForm.Validate(input, UserTimeZones.DateAt(now, request.Caller.TimeZone), offered);
        var members = (IReadOnlyList<RolloutMember>)[];
        if (draft?.Rollout is { } plan)
        {
            var resolution = await audiences.ResolveAsync(plan.Audience, [], cancellationToken);
            (members, errors) = (resolution.Members, resolution.Errors);
            draft = draft with { Rollout = plan with { Audience = resolution.Audience ?? plan.Audience } };
        }

        var questions = ComplianceQuestions.Number(stored.Process.Key, draft?.ComplianceTexts ?? []);
        if (draft is not null && errors.Count == 0)
        {
            errors = await compliance.CheckAsync(stored.Process, questions, cancellationToken);
        }

        if (draft is null || errors.Count > 0)
        {
            return Reply.WithCard(VersionForm.Card(stored.Process, basedOn, input, offered, errors), "Nothing was published yet: " + errors[0]);
        }

        var stamp = new ProcessStamp(request.Caller.UserKey, request.Caller.Name, now);
        var version = new ProcessVersion(stored.Process.Key, basedOn + 1, draft.EffectiveDate, draft.WhatChanged, draft.NeedsAcknowledgement, stamp, draft.Rollout, questions, FormId: input.FormId);
        switch (await publisher.PublishAsync(stored.Process.Key, basedOn, version, cancellationToken))
        {
            case PublishResult.Published published:
                var notice = $"Published version {published.Version.Number} of {published.Process.Name}, effective {ProcessText.Date(published.Version.EffectiveDate)}.";
                var templateVersion = await compliance.PublishAsync(published.Process, published.Version, request.Caller.Name, cancellationToken);
                if (questions.Count > 0)
                {
                    notice += $" The weekly review asks its {ProcessText.Count(questions.Count, "question", "questions")} from review template version {templateVersion}, for projects in {ProcessCards.Stages(published.Process.Stages)}.";
                }

                if (published.Version.Rollout is { } rolledOut)
                {
                    var start = await rollouts.StartAsync(published.Process, published.Version, members, cancellationToken);
                    notice += $" Personal cards are on their way to {ProcessText.Count(start.Rollout.People, "person", "people")} ({rolledOut.Audience.Describe()}) to acknowledge by {ProcessText.Date(rolledOut.DueDate)}"
                        + (rolledOut.Channels.Count > 0 ? $", and it is announced in {ProcessText.Count(rolledOut.Channels.Count, "channel", "channels")}" : string.Empty)
                        + $". **{RolloutCommands.RolloutCommand} {published.Process.Key}** shows who has."
                        + (start.Closed.Count > 0 ? $" The rollout of version {string.Join(", ", start.Closed.Select(c => c.Version))} is closed; its acknowledgements are kept." : string.Empty);
                }

                return Reply.WithCard(ProcessCards.Process(published.Process, await library.VersionsAsync(published.Process.Key, cancellationToken), request.Caller, notice), notice);
            case PublishResult.AlreadyPublished already:
                var done = $"This form was already published: version {already.Version.Number} of {stored.Process.Name}, by {already.Version.Published.ByName} on {ProcessText.Date(DateOnly.FromDateTime(already.Version.Published.At.UtcDateTime))}. Nothing was published again.";
                return Reply.WithCard(ProcessCards.Process(stored.Process, await library.VersionsAsync(stored.Process.Key, cancellationToken), request.Caller, done), done);
            case PublishResult.Superseded superseded:
                return Reply.WithCard(
                    VersionForm.Card(stored.Process, superseded.Newest.Number, input, offered, notice: $"{superseded.Newest.Published.ByName} published version {superseded.Newest.Number} while this form was open, so nothing was published. Check what it changed (**{ProcessCommands.ShowCommand} {stored.Process.Key}**), then publish this as version {superseded.Newest.Number + 1} if it is still needed."),
                    "Nothing was published: someone published a newer version meanwhile.");
            default:
                return Reply.Message($"The process is no longer in the library, so nothing was published. Type **{ProcessCommands.ListCommand}** to see it.");
        }
    }
}
