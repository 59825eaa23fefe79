using System.Globalization;
using PmoBot.Commands;
using PmoBot.People;
using PmoBot.Projects;

namespace PmoBot.Opportunities;

/// <summary>The pipeline's register commands: list, show, add, edit, and closing a deal as lost or withdrawn.</summary>
public sealed class OpportunityCommands(OpportunityRegister register, OpportunityReviewStore reviews, OpportunityAccess access, OpportunityCloser closer) : ICommandModule
{
    public IEnumerable<CommandDefinition> Commands =>
    [
        new("opportunities", "opportunities [stage|all] [page n]", "The opportunities you may see: account, value, stage, close date and review (open ones unless a stage or all is given)", ProjectAccess.AnyRole, ListAsync),
        new("opportunity", "opportunity ‹code›", "An opportunity's card with its latest delivery-risk review", ProjectAccess.AnyRole, ShowAsync),
        new("opportunity add", "opportunity add [code]", "Register an opportunity with a form (the PMO, or a sales owner for their own deals)", ProjectAccess.AnyRole, AddAsync),
        new("opportunity edit", "opportunity edit ‹code›", "Change an opportunity's details or stage", ProjectAccess.AnyRole, EditAsync),
        new("opportunity lost", "opportunity lost ‹code› ‹reason›", "Close a deal as lost, with a one-line reason (a lesson candidate for the PMO)", ProjectAccess.AnyRole, (r, ct) => CloseAsync(r, OpportunityStage.Lost, ct)),
        new("opportunity withdrawn", "opportunity withdrawn ‹code› ‹reason›", "Close a deal as withdrawn, with a one-line reason", ProjectAccess.AnyRole, (r, ct) => CloseAsync(r, OpportunityStage.Withdrawn, ct)),
    ];

    /// <summary>Why <paramref name="arguments"/> does not start with an opportunity code, or null when <paramref name="code"/> is one.</summary>
    public static Reply? CodeProblem(string arguments, string command, out string code, out string rest)
    {
        var words = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        code = words.Length == 0 ? string.Empty : ProjectText.NormalizeCode(words[0]);
        rest = words.Length > 1 ? words[1] : string.Empty;
        return code.Length == 0
            ? Reply.Message($"Which opportunity? Type **{command} ‹code›**, e.g. {command} {OpportunityInputReader.CodeExample}, or **opportunities** for the list.")
            : ProjectText.IsCode(code)
                ? null
                : Reply.Message($"\"{words[0]}\" is not an opportunity code: letters and digits, a dash and a number, like {OpportunityInputReader.CodeExample}.");
    }

    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var page = 1;
        if (words.Count >= 2 && string.Equals(words[^2], "page", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1)
            {
                return Reply.Message($"\"{words[^1]}\" is not a page number. Pages start at 1, e.g. **opportunities page 2**.");
            }

            words.RemoveRange(words.Count - 2, 2);
        }

        var view = access.ViewOf(request.Caller);
        var all = await register.ListVisibleAsync(view, cancellationToken);
        if (words.Count == 0)
        {
            var open = all.Where(o => !o.IsClosed).ToList();
            var empty = view.Everything
                ? "No open opportunities: add one with **opportunity add** or send a CSV file named opportunities….csv."
                : $"There are no open opportunities you may see ({view.Describe()}).";
            return Reply.WithCard(OpportunityCards.List(open, "Open opportunities", "opportunities", page, empty));
        }

        var text = string.Join(' ', words);
        if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
        {
            // Open deals first, then the closed ones (won, lost, withdrawn), each group in the register's order.
            var everything = all.OrderBy(o => o.IsClosed).ToList();
            return Reply.WithCard(OpportunityCards.List(everything, "All opportunities", "opportunities all", page, view.Everything ? "No opportunities yet: add one with **opportunity add**." : $"There are no opportunities you may see ({view.Describe()})."));
        }

        if (!EnumText.TryParse<OpportunityStage>(text, out var stage))
        {
            return Reply.Message($"\"{text}\" is not a stage. The stages are: {EnumText.Choices<OpportunityStage>()}, or **all**; e.g. **opportunities negotiate**.");
        }

        var inStage = all.Where(o => o.Stage == stage).ToList();
        return Reply.WithCard(OpportunityCards.List(inStage, $"Opportunities at {EnumText.Describe(stage)}", $"opportunities {stage.ToString().ToLowerInvariant()}", page, $"No opportunities at {EnumText.Describe(stage)} that you may see."));
    }

    private async Task<Reply> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (CodeProblem(request.Arguments, "opportunity", out var code, out _) is { } problem)
        {
            return problem;
        }

        return await CardAsync(request.Caller, code, cancellationToken);
    }

    /// <summary>The deal's card as <paramref name="caller"/> sees it now, or why they may not.</summary>
    public async Task<Reply> CardAsync(PmoUser caller, string code, CancellationToken cancellationToken)
    {
        var view = access.ViewOf(caller);
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !view.CanSee(stored.Opportunity))
        {
            return Reply.Message(view.NotVisible(code));
        }

        return Reply.WithCard(OpportunityCards.Card(stored, caller, await reviews.GetLatestAsync(stored.Opportunity, cancellationToken)));
    }

    private static Task<Reply> AddAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var code = ProjectText.NormalizeCode(request.Arguments);
        var owner = OpportunityAccess.IsPmo(request.Caller) ? null : request.Caller.Name;
        return Task.FromResult(Reply.WithCard(OpportunityCards.Form(OpportunityInput.Blank with { Code = code.Length == 0 ? null : code, SalesOwner = owner })));
    }

    private async Task<Reply> EditAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (CodeProblem(request.Arguments, "opportunity edit", out var code, out _) is { } problem)
        {
            return problem;
        }

        var view = access.ViewOf(request.Caller);
        var stored = await register.GetAsync(code, cancellationToken);
        if (stored is null || !view.CanSee(stored.Opportunity))
        {
            return Reply.Message(view.NotVisible(code));
        }

        if (!OpportunityAccess.CanChange(request.Caller, stored.Opportunity))
        {
            return Reply.Message($"{code} is {stored.Opportunity.SalesOwner.Name}'s deal: only its sales owner and the PMO change it. Nothing was changed.");
        }

        return stored.Opportunity.IsClosed
            ? Reply.Message($"{code} is closed ({EnumText.Describe(stored.Opportunity.Stage).ToLowerInvariant()}), so it no longer changes.{(stored.Opportunity.ProjectCode is { } project ? $" Its delivery lives on as **project {project}**." : string.Empty)}")
            : Reply.WithCard(OpportunityCards.Form(OpportunityInput.From(stored.Opportunity), stored.ETag));
    }

    private async Task<Reply> CloseAsync(CommandRequest request, OpportunityStage outcome, CancellationToken cancellationToken)
    {
        var command = $"opportunity {outcome.ToString().ToLowerInvariant()}";
        if (CodeProblem(request.Arguments, command, out var code, out var reason) is { } problem)
        {
            return problem;
        }

        return await closer.CloseAsync(request.Caller, code, outcome, reason, cancellationToken);
    }
}

/// <summary>The opportunity card's refresh: rebuilt for whoever views it, with the deal as it is now and the buttons that fit it.</summary>
public sealed class OpportunityViewCardAction(OpportunityCommands commands) : ICardActionHandler
{
    public string Verb => OpportunityCards.ViewVerb;

    /// <summary>As <c>opportunity ‹code›</c>: someone without a role keeps the card they had and is told why.</summary>
    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Field(OpportunityCards.CodeField) is { } code
            ? commands.CardAsync(request.Caller, code, cancellationToken)
            : Task.FromResult(OpportunityCards.ButtonWithoutCode);
}

/// <summary>The Save button of the opportunity form: validates, answers errors in the same card, saves under the ETag the form was read at.</summary>
public sealed class OpportunitySaveCardAction(OpportunityInputReader reader, OpportunityRegister register, OpportunityReviewStore reviews, OpportunityAccess access) : ICardActionHandler
{
    public string Verb => OpportunityCards.SaveVerb;

    public IReadOnlySet<Role> AllowedRoles => ProjectAccess.AnyRole;

    public async Task<Reply> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var input = OpportunityCards.Read(request);
        var editedCode = request.Field(OpportunityCards.EditedCodeField);
        var etag = request.Field(OpportunityCards.ETagField);
        var editing = editedCode is not null;
        Reply FormAgain(params string[] errors) => Reply.WithCard(OpportunityCards.Form(input, editing ? etag ?? string.Empty : null, errors), "Nothing was saved yet: " + errors[0]);

        var current = editing ? await register.GetAsync(editedCode!, cancellationToken) : null;
        if (editing && (current is null || !access.ViewOf(request.Caller).CanSee(current.Opportunity)))
        {
            return Reply.Message(access.ViewOf(request.Caller).NotVisible(ProjectText.NormalizeCode(editedCode)));
        }

        if (current is not null && !OpportunityAccess.CanChange(request.Caller, current.Opportunity))
        {
            return Reply.Message($"{current.Opportunity.Code} is {current.Opportunity.SalesOwner.Name}'s deal: only its sales owner and the PMO change it. Nothing was saved.");
        }

        var reading = await reader.ReadAsync(input, current?.Opportunity, request.Caller.TimeZone, cancellationToken);
        if (reading.Opportunity is not { } opportunity)
        {
            return FormAgain([.. reading.Errors]);
        }

        if (!OpportunityAccess.IsPmo(request.Caller) && !opportunity.IsOwnedBy(request.Caller.UserKey) && current is null)
        {
            return FormAgain($"You may register your own deals: name yourself ({request.Caller.Name}) as the sales owner, or ask the PMO to register it for {opportunity.SalesOwner.Name}.");
        }

        var by = request.Caller.Name;
        var result = editing
            ? await register.UpdateAsync(opportunity, etag ?? string.Empty, by, cancellationToken)
            : await register.CreateAsync(opportunity, by, cancellationToken);
        return result switch
        {
            OpportunitySaveResult.Saved saved => Reply.WithCard(
                OpportunityCards.Card(saved.Opportunity, request.Caller, await reviews.GetLatestAsync(saved.Opportunity.Opportunity, cancellationToken), saved.Created ? $"Added {opportunity.Code}. Next: **opportunity review {opportunity.Code}**." : $"Saved {opportunity.Code}."),
                $"{(saved.Created ? "Added" : "Saved")} {opportunity.Code} {opportunity.Name}."),
            OpportunitySaveResult.Unchanged unchanged => Reply.WithCard(OpportunityCards.Card(unchanged.Opportunity, request.Caller, await reviews.GetLatestAsync(unchanged.Opportunity.Opportunity, cancellationToken), "Nothing changed."), $"{opportunity.Code}: nothing changed."),
            OpportunitySaveResult.AlreadyExists exists => FormAgain(
                $"{opportunity.Code} already exists ({exists.Existing.Opportunity.Name}). Choose another code, or type **opportunity edit {opportunity.Code}** to change it."),
            OpportunitySaveResult.Conflict conflict => Reply.WithCard(
                OpportunityCards.Form(OpportunityInput.From(conflict.Latest.Opportunity), conflict.Latest.ETag, notice: $"{opportunity.Code} was changed by someone else ({conflict.Latest.LastChange.By}) while you were editing, so nothing was saved and nothing was overwritten. Here is the latest version: make your changes again and save."),
                $"{opportunity.Code} was changed by someone else; nothing was saved."),
            _ => Reply.Message($"{opportunity.Code} no longer exists, so nothing was saved. Type **opportunities** to see the pipeline."),
        };
    }
}
