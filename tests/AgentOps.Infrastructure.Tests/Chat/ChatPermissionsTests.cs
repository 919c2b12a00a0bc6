using AgentOps.Core.Commands;
using AgentOps.Infrastructure.Chat;

namespace AgentOps.Infrastructure.Tests.Chat;

public sealed class ChatPermissionsTests
{
    private readonly ChatPermissions _permissions = new(new ChatOptions
    {
        Users = new(StringComparer.OrdinalIgnoreCase) { ["U1"] = "write", ["aad-2"] = "Admin", ["U3"] = "none" },
    });

    [Theory]
    [InlineData("status", ChatRole.Read)]
    [InlineData("incident-show", ChatRole.Read)]
    [InlineData("help", ChatRole.Read)]
    [InlineData("issue-start", ChatRole.Write)]
    [InlineData("incident-new", ChatRole.Write)]
    [InlineData("ack", ChatRole.Write)]
    [InlineData("comms-send", ChatRole.Admin)]
    [InlineData("approve", ChatRole.Admin)]
    public void Required_Verb_IsTheExpectedRole(string verb, ChatRole expected)
    {
        // Act
        var role = ChatPermissions.Required(CommandCatalog.Find(verb)!);

        // Assert
        Assert.Equal(expected, role);
    }

    [Fact]
    public void RoleOf_UnknownUser_IsTheDefaultReadRole()
    {
        // Act
        var role = _permissions.RoleOf("U999");

        // Assert
        Assert.Equal(ChatRole.Read, role);
    }

    [Fact]
    public void RoleOf_SeveralIds_TheFirstListedWins()
    {
        // Act
        var role = _permissions.RoleOf(null, "aad-2", "U1");

        // Assert
        Assert.Equal(ChatRole.Admin, role);
    }

    [Theory]
    [InlineData(ChatRole.None, "status", false)]
    [InlineData(ChatRole.Read, "status", true)]
    [InlineData(ChatRole.Read, "issue-start", false)]
    [InlineData(ChatRole.Write, "issue-start", true)]
    [InlineData(ChatRole.Write, "approve", false)]
    [InlineData(ChatRole.Admin, "approve", true)]
    public void Allows_RoleAndVerb_FollowsTheOrder(ChatRole role, string verb, bool expected)
    {
        // Act
        var allowed = ChatPermissions.Allows(role, CommandCatalog.Find(verb)!);

        // Assert
        Assert.Equal(expected, allowed);
    }
}
