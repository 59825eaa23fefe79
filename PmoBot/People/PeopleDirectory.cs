using Microsoft.Extensions.Options;
using PmoBot.Commands;

namespace PmoBot.People;

public sealed record Recognition(PmoUser User, bool IsFirstVisit);

/// <summary>Someone @mentioned in a command, as Teams described them.</summary>
public sealed record MentionedPerson(string TeamsUserId, string? AadObjectId, string Name);

public abstract record PersonSearch
{
    /// <summary>What to answer when the search did not find one person; null when it did.</summary>
    public string? Refusal => this switch
    {
        Ambiguous ambiguous => ambiguous.Sentence,
        NotFound notFound => notFound.Sentence,
        _ => null,
    };

    public sealed record Found(PmoUser User) : PersonSearch;

    public sealed record NotFound(string Query) : PersonSearch
    {
        /// <summary>What every command that names a person answers when nobody matches (an e-mail address fits the quote; pages do not).</summary>
        public string Sentence =>
            $"No one PmoBot knows matches \"{MessageText.Shorten(Query, 80)}\" (a name, part of a name, or e-mail address). People become known once they have messaged PmoBot or been registered by the PMO.";
    }

    public sealed record Ambiguous(string Query, IReadOnlyList<PmoUser> Candidates) : PersonSearch
    {
        /// <summary>What every command that names a person answers when several match: who they are, and which to give.</summary>
        public string Sentence =>
            $"Several people match \"{Query}\": {string.Join("; ", Candidates.Select(c => $"{c.Name} ({c.Email ?? c.UserKey})"))}. Which one? Give more of the name, or their e-mail address.";
    }
}

public enum RoleChangeOutcome
{
    Changed,
    Unchanged,
}

/// <summary>
/// The people PmoBot knows and the roles they hold: keeps profiles current from what Teams says about the
/// caller, resolves the people commands name, and grants and revokes roles (profile first, then the indexes,
/// so a repeated command repairs an index write that failed).
/// </summary>
public sealed class PeopleDirectory(
    UserStore users,
    RoleMemberStore roleMembers,
    UserLookupStore lookup,
    IOptions<RolesOptions> rolesOptions,
    TimeProvider time)
{
    /// <param name="inPersonalChat">
    /// The turn is in the person's own chat with PmoBot. Only such a turn is their first visit, the one the welcome
    /// answers: a search in a compose box or a message in a channel comes before it and leaves the welcome for it.
    /// </param>
    public async Task<Recognition> RecognizeAsync(CallerIdentity caller, bool inPersonalChat, CancellationToken cancellationToken) =>
        await RecognizeAsync(caller, await ReadProfileAsync(caller, cancellationToken), inPersonalChat, cancellationToken);

    /// <summary>
    /// The first half of <see cref="RecognizeAsync(CallerIdentity, CancellationToken)"/>: the caller's stored profile,
    /// read and nothing written, so a turn can read it side by side with its duplicate check.
    /// </summary>
    public Task<UserProfile?> ReadProfileAsync(CallerIdentity caller, CancellationToken cancellationToken) =>
        users.GetAsync(caller.UserKey, cancellationToken);

    /// <summary>
    /// The second half: keeps the profile current from <paramref name="before"/> (what <see cref="ReadProfileAsync"/>
    /// read), adding a newcomer; a first visit is a turn in their personal chat when the profile read had not been
    /// seen there yet.
    /// </summary>
    public async Task<Recognition> RecognizeAsync(CallerIdentity caller, UserProfile? before, bool inPersonalChat, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // The first visit is the write that marks the person seen, decided under the profile's ETag: Teams announces an
        // install twice at once (installationUpdate and conversationUpdate), and both turns read "not seen yet".
        var firstVisit = false;
        UserProfile? profile;
        if (before is null && await users.TryAddAsync(Merge(null, caller, inPersonalChat, now)!, cancellationToken) is { } added)
        {
            profile = added;
            firstVisit = inPersonalChat;
        }
        else if (NeedsUpdate(before, caller, inPersonalChat))
        {
            profile = await users.UpdateAsync(
                caller.UserKey,
                current =>
                {
                    firstVisit = inPersonalChat && current?.FirstSeenAt is null;
                    return Merge(current, caller, inPersonalChat, now);
                },
                cancellationToken);
        }
        else
        {
            profile = before;
        }

        await IndexAsync(before, profile!, cancellationToken);
        return new Recognition(ToUser(profile!), IsFirstVisit: firstVisit);
    }

    /// <summary>Creates a person who does not exist yet (demo seeding, onboarding); an existing person is left as is.</summary>
    public async Task<PmoUser> EnsureAsync(UserProfile profile, CancellationToken cancellationToken)
    {
        var created = false;
        var stored = await users.UpdateAsync(
            profile.UserKey,
            current =>
            {
                created = current is null;
                return created ? profile : null;
            },
            cancellationToken);
        if (created)
        {
            await IndexAsync(null, stored!, cancellationToken);
            foreach (var role in stored!.Roles)
            {
                await roleMembers.AddAsync(new RoleMember(role, stored.UserKey, stored.Name, "setup", time.GetUtcNow()), cancellationToken);
            }
        }

        return ToUser(stored!);
    }

    /// <summary>
    /// Gives a stored person <paramref name="timeZone"/> as their chosen zone unless they chose one themselves (demo
    /// seeding: the seeded zone counts as chosen, also for people stored before it did). True when it changed.
    /// </summary>
    public async Task<bool> AdoptChosenTimeZoneAsync(string userKey, string timeZone, CancellationToken cancellationToken)
    {
        var changed = false;
        await users.UpdateAsync(
            userKey,
            current =>
            {
                if (current is null || current.TimeZoneChosenByUser)
                {
                    return null;
                }

                changed = current.TimeZone != timeZone;
                return current with { TimeZone = timeZone, TimeZoneChosenByUser = true };
            },
            cancellationToken);
        return changed;
    }

    public async Task<PmoUser?> GetAsync(string userKey, CancellationToken cancellationToken)
    {
        var profile = await users.GetAsync(userKey, cancellationToken);
        return profile is null ? null : ToUser(profile);
    }

    public async Task<PersonSearch> FindAsync(string query, IReadOnlyList<MentionedPerson> mentions, CancellationToken cancellationToken)
    {
        query = query.Trim().TrimStart('@');
        // The mention the query names; a single mention also when the query is part of its name or the reverse (Teams
        // lets a mention be shortened to a first name), never a mention of someone the query does not name.
        var mentioned = mentions.FirstOrDefault(m => string.Equals(m.Name, query, StringComparison.OrdinalIgnoreCase))
            ?? (mentions is [var only] && query.Length > 0 && (only.Name.Contains(query, StringComparison.OrdinalIgnoreCase) || query.Contains(only.Name, StringComparison.OrdinalIgnoreCase)) ? only : null);
        IReadOnlyList<string> keys = mentioned switch
        {
            { AadObjectId: { Length: > 0 } aad } => [UserKeys.Normalize(aad)],
            not null => await lookup.FindAsync(LookupKind.TeamsId, mentioned.TeamsUserId, cancellationToken),
            _ when Guid.TryParse(query, out _) => [UserKeys.Normalize(query)],
            _ when query.Contains('@', StringComparison.Ordinal) => await lookup.FindAsync(LookupKind.Email, query, cancellationToken),
            _ => await FindByNameAsync(query, cancellationToken),
        };

        var found = new List<PmoUser>();
        foreach (var key in keys.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await GetAsync(key, cancellationToken) is { } user)
            {
                found.Add(user);
            }
        }

        var name = mentioned?.Name ?? query;
        return found.Count switch
        {
            0 => new PersonSearch.NotFound(name),
            1 => new PersonSearch.Found(found[0]),
            _ => new PersonSearch.Ambiguous(name, found),
        };
    }

    /// <summary>
    /// The whole name first; then by its words, each a word of the person's name or the start of one ("Nestor",
    /// "wilke", "Nes Wil"), preferring people whose words match exactly over those they only begin. One range query
    /// per word typed, never a scan; at most <see cref="MaxCandidates"/> people are read.
    /// </summary>
    private async Task<IReadOnlyList<string>> FindByNameAsync(string query, CancellationToken cancellationToken)
    {
        var whole = await lookup.FindAsync(LookupKind.Name, query, cancellationToken);
        var words = UserLookupStore.WordsOf(query);
        if (whole.Count > 0 || words.Count == 0)
        {
            return whole;
        }

        var matches = await Task.WhenAll(words.Select(word => word.Length >= MinPrefixLength
            ? lookup.FindByPrefixAsync(LookupKind.Word, word, MaxRowsPerWord, cancellationToken)
            : ExactWordAsync(word, cancellationToken)));
        // A word that began more names than were read ("mar") may have lost the one wanted: it narrows nothing, so the
        // answer is a list that asks for more of the name, never "nobody" for someone who is there.
        var read = words.Zip(matches).ToList();
        var narrowing = read.Where(w => w.Second.Count < MaxRowsPerWord).ToList();
        if (narrowing.Count == 0)
        {
            return read[0].Second.Select(m => m.UserKey).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxCandidates).ToList();
        }

        var starting = new HashSet<string>(narrowing[0].Second.Select(m => m.UserKey), StringComparer.OrdinalIgnoreCase);
        var exact = new HashSet<string>(narrowing[0].Second.Where(m => m.Value == narrowing[0].First).Select(m => m.UserKey), StringComparer.OrdinalIgnoreCase);
        foreach (var (word, rows) in narrowing.Skip(1))
        {
            starting.IntersectWith(rows.Select(m => m.UserKey));
            exact.IntersectWith(rows.Where(m => m.Value == word).Select(m => m.UserKey));
        }

        return (exact.Count > 0 ? exact : starting).Take(MaxCandidates).ToList();
    }

    private async Task<IReadOnlyList<(string Value, string UserKey)>> ExactWordAsync(string word, CancellationToken cancellationToken) =>
        (await lookup.FindAsync(LookupKind.Word, word, cancellationToken)).Select(key => (word, key)).ToList();

    /// <summary>A part of a name shorter than this is taken as a whole word only ("Al" is not everyone called Alex or Alan).</summary>
    public const int MinPrefixLength = 3;

    /// <summary>People read and listed for one name at most; a list longer than this asks for more of the name anyway.</summary>
    public const int MaxCandidates = 10;

    private const int MaxRowsPerWord = 200;

    public async Task<RoleChangeOutcome> GrantAsync(PmoUser target, Role role, PmoUser grantedBy, CancellationToken cancellationToken)
    {
        var outcome = RoleChangeOutcome.Unchanged;
        var profile = await users.UpdateAsync(
            target.UserKey,
            current =>
            {
                if (current is null || current.Roles.Contains(role))
                {
                    return null;
                }

                outcome = RoleChangeOutcome.Changed;
                return current with { Roles = current.Roles.Append(role).ToHashSet() };
            },
            cancellationToken) ?? throw new InvalidOperationException($"User {target.UserKey} disappeared while granting a role.");
        await roleMembers.AddAsync(new RoleMember(role, profile.UserKey, profile.Name, grantedBy.Name, time.GetUtcNow()), cancellationToken);
        return outcome;
    }

    public async Task<RoleChangeOutcome> RevokeAsync(PmoUser target, Role role, CancellationToken cancellationToken)
    {
        var outcome = RoleChangeOutcome.Unchanged;
        await users.UpdateAsync(
            target.UserKey,
            current =>
            {
                if (current is null || !current.Roles.Contains(role))
                {
                    return null;
                }

                outcome = RoleChangeOutcome.Changed;
                return current with { Roles = current.Roles.Where(r => r != role).ToHashSet() };
            },
            cancellationToken);
        await roleMembers.RemoveAsync(role, target.UserKey, cancellationToken);
        return outcome;
    }

    public async Task<PmoUser> SetTimeZoneAsync(PmoUser user, string timeZone, CancellationToken cancellationToken)
    {
        var profile = await users.UpdateAsync(
            user.UserKey,
            current => current is null ? null : current with { TimeZone = timeZone, TimeZoneChosenByUser = true },
            cancellationToken) ?? throw new InvalidOperationException($"User {user.UserKey} is not stored.");
        return ToUser(profile);
    }

    /// <summary>Everyone holding each role (or just <paramref name="only"/>), configuration-bootstrapped admins included.</summary>
    public async Task<IReadOnlyList<RoleHolder>> ListRoleHoldersAsync(CancellationToken cancellationToken, Role? only = null)
    {
        var roles = only is { } single ? [single] : Roles.All;
        var lists = await Task.WhenAll(roles.Select(role => roleMembers.ListAsync(role, cancellationToken)));
        var holders = lists.SelectMany(list => list)
            .Select(member => new RoleHolder(member.Role, member.UserKey, member.Name, $"granted by {member.GrantedBy}", member.GrantedAt))
            .ToList();
        if (roles.Contains(Role.Admin))
        {
            foreach (var adminKey in rolesOptions.Value.Admins.Select(UserKeys.Normalize).Distinct().Where(key => !holders.Any(h => h.Role == Role.Admin && h.UserKey == key)))
            {
                var profile = await users.GetAsync(adminKey, cancellationToken);
                holders.Add(new RoleHolder(Role.Admin, adminKey, profile?.Name ?? $"{adminKey} (has not used PmoBot yet)", "from configuration", null, HasUsedPmoBot: profile is not null));
            }
        }

        return holders.OrderBy(h => h.Role).ThenBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private PmoUser ToUser(UserProfile profile) => new(
        profile.UserKey,
        profile.Name,
        profile.TeamsUserId,
        profile.Email,
        profile.TimeZone,
        profile.Roles,
        rolesOptions.Value.IsConfiguredAdmin(profile.UserKey),
        profile.FirstSeenAt);

    private static bool NeedsUpdate(UserProfile? before, CallerIdentity caller, bool inPersonalChat) =>
        before is null
        || (inPersonalChat && before.FirstSeenAt is null)
        || (caller.Name is { Length: > 0 } && caller.Name != before.Name)
        || caller.TeamsUserId != before.TeamsUserId
        || (!before.TimeZoneChosenByUser && ClientZone(caller) is { } zone && zone != before.TimeZone);

    /// <summary>
    /// Keeps the profile current from what Teams says. The zone the client reports (its machine's zone: UTC in a
    /// playground on a server) is only learned while the person has no chosen one; a zone chosen with
    /// <c>timezone</c>, or seeded as chosen, is never replaced by it.
    /// </summary>
    private static UserProfile? Merge(UserProfile? current, CallerIdentity caller, bool inPersonalChat, DateTimeOffset now)
    {
        var seenAt = inPersonalChat ? now : (DateTimeOffset?)null;
        if (current is null)
        {
            return new UserProfile(caller.UserKey, caller.Name ?? "Teams user", caller.TeamsUserId, null, ClientZone(caller), false, new HashSet<Role>(), seenAt);
        }

        var merged = current with
        {
            Name = caller.Name is { Length: > 0 } ? caller.Name : current.Name,
            TeamsUserId = caller.TeamsUserId,
            TimeZone = current.TimeZoneChosenByUser ? current.TimeZone : ClientZone(caller) ?? current.TimeZone,
            FirstSeenAt = current.FirstSeenAt ?? seenAt,
        };
        return merged == current ? null : merged;
    }

    /// <summary>The client's zone as an IANA id; null when it sent none or one this machine does not know.</summary>
    private static string? ClientZone(CallerIdentity caller) =>
        caller.TimeZone is { Length: > 0 } reported && UserTimeZones.TryParse(reported, out var zone) ? zone : null;

    private async Task IndexAsync(UserProfile? before, UserProfile after, CancellationToken cancellationToken)
    {
        // Three tables' worth of independent rows: written side by side, as a newcomer's first press waits for them.
        await Task.WhenAll(
            ReindexAsync(LookupKind.Name, before?.Name, after.Name, after.UserKey, cancellationToken),
            ReindexAsync(LookupKind.Email, before?.Email, after.Email, after.UserKey, cancellationToken),
            ReindexAsync(LookupKind.TeamsId, before?.TeamsUserId, after.TeamsUserId, after.UserKey, cancellationToken),
            ReindexWordsAsync(before?.Name, after.Name, after.UserKey, cancellationToken));
    }

    /// <summary>The words a new name adds and an old one leaves behind (a person renamed keeps the words they still have).</summary>
    private async Task ReindexWordsAsync(string? oldName, string? newName, string userKey, CancellationToken cancellationToken)
    {
        var oldWords = UserLookupStore.WordsOf(oldName);
        var newWords = UserLookupStore.WordsOf(newName);
        await Task.WhenAll(newWords.Except(oldWords).Select(word => lookup.AddAsync(LookupKind.Word, word, userKey, cancellationToken)));
        await Task.WhenAll(oldWords.Except(newWords).Select(word => lookup.RemoveAsync(LookupKind.Word, word, userKey, cancellationToken)));
    }

    private static string? Normalized(string? value) => string.IsNullOrWhiteSpace(value) ? null : Storage.TableKey.Normalize(value);

    private async Task ReindexAsync(LookupKind kind, string? oldValue, string? newValue, string userKey, CancellationToken cancellationToken)
    {
        if (Normalized(oldValue) == Normalized(newValue))
        {
            return;
        }

        if (!string.IsNullOrWhiteSpace(newValue))
        {
            await lookup.AddAsync(kind, newValue, userKey, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(oldValue))
        {
            await lookup.RemoveAsync(kind, oldValue, userKey, cancellationToken);
        }
    }
}

/// <param name="HasUsedPmoBot">False for an admin named in configuration who has never opened PmoBot: only their id is known.</param>
public sealed record RoleHolder(Role Role, string UserKey, string Name, string Source, DateTimeOffset? GrantedAt, bool HasUsedPmoBot = true);
