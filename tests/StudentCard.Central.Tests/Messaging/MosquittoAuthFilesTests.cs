using StudentCard.Central.Messaging.Mosquitto;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Core;

namespace StudentCard.Central.Tests.Messaging;

public sealed class MosquittoAuthFilesTests
{
    [Fact]
    public void A_password_hash_has_mosquittos_7_format_and_verifies_only_its_password()
    {
        var hash = MosquittoPasswordHash.Create("s3cret");

        var parts = hash.Split('$');
        Assert.Equal(["", "7", "101"], parts[..3]);
        Assert.Equal(12, Convert.FromBase64String(parts[3]).Length);
        Assert.Equal(64, Convert.FromBase64String(parts[4]).Length);
        Assert.True(MosquittoPasswordHash.Verify("s3cret", hash));
        Assert.False(MosquittoPasswordHash.Verify("s3cret!", hash));
        Assert.NotEqual(hash, MosquittoPasswordHash.Create("s3cret"));
    }

    [Fact]
    public void A_hash_made_by_mosquitto_passwd_verifies()
    {
        // Made with `mosquitto_passwd -b file gate-1 correct-horse` (Mosquitto 2.0.11).
        const string made = "$7$101$t5xaUKMEGwkf64qa$UasbApiD7fWnbr6X+UK8SkTPVOcb6kEymPlOVvvQmYHboop5eM61VxxBAtif6cz3kRO4iYB2TkikKqwQZjNDHQ==";

        Assert.True(MosquittoPasswordHash.Verify("correct-horse", made));
        Assert.False(MosquittoPasswordHash.Verify("wrong", made));
    }

    [Fact]
    public void The_acl_gives_each_reader_its_own_topics_and_the_service_user_the_tree()
    {
        var acl = MosquittoAcl.Render("studentcard-central", [new RegisteredReader("bus-1", ReaderType.Bus)]);

        Assert.Equal(
            """
            # Written by StudentCard Central from its reader registry; changes here are overwritten.
            # Anonymous clients get nothing (no lines before the first 'user').

            user studentcard-central
            topic readwrite studentcard/v1/#

            user bus-1
            topic write studentcard/v1/bus/readers/bus-1/passages
            topic write studentcard/v1/bus/readers/bus-1/status
            topic read studentcard/v1/bus/readers/bus-1/acks
            topic read studentcard/v1/bus/allowlist
            topic read studentcard/v1/bus/commands

            """.ReplaceLineEndings("\n"), acl);
    }
}
