//! The SDK's Backend API client (`leptos_clerk::server::ClerkClient`) against the local instance,
//! over real HTTP: an organization's life, from creation with a first member to deletion; the
//! waitlist; invitations to sign up and to an organization; sign-in tokens; an admin's
//! operations on users.

mod support;

use leptos_clerk::server::{
    ClerkClient, ClerkError, InvitationParams, OrganizationInvitationParams, OrganizationParams,
    UserListParams,
};
use serde_json::json;
use support::Server;

#[tokio::test]
async fn the_backend_client_runs_an_organization_from_creation_to_deletion() {
    let server = Server::start();
    let clerk = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let orgs = clerk.organizations();
    let (ada, _) = server.sign_in_new_user("Ada").await;
    let (grace, _) = server.sign_in_new_user("Grace").await;

    let mut params = OrganizationParams::named("Analytical Engines");
    params.created_by = Some(ada.clone());
    params.private_metadata = Some(json!({ "plan": "enterprise" }));
    assert!(
        !format!("{params:?}").contains("enterprise"),
        "private metadata never reaches a log line: {params:?}"
    );
    let created = orgs.create_organization(&params).await.unwrap();
    assert_eq!(created.slug.as_deref(), Some("analytical-engines"));
    assert_eq!(
        created.private_metadata,
        Some(json!({ "plan": "enterprise" }))
    );

    // Only the fields that are set change.
    let renamed = orgs
        .update_organization(
            &created.id,
            &OrganizationParams::named("Difference Engines"),
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Difference Engines");
    assert_eq!(renamed.slug, created.slug);
    assert_eq!(renamed.private_metadata, created.private_metadata);

    let added = orgs
        .create_membership(&created.id, &grace, "org:member")
        .await
        .unwrap();
    assert_eq!(added.role, "org:member");
    let promoted = orgs
        .update_membership(&created.id, &grace, "org:admin")
        .await
        .unwrap();
    assert_eq!(
        (promoted.id.as_str(), promoted.role.as_str()),
        (added.id.as_str(), "org:admin")
    );
    let mut members: Vec<(String, String)> = orgs
        .list_memberships(&created.id, None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|m| {
            let user_id = m.public_user_data.unwrap_or_default()["user_id"].clone();
            (user_id.as_str().unwrap_or_default().to_owned(), m.role)
        })
        .collect();
    members.sort();
    let mut expected = vec![
        (ada.clone(), "org:admin".to_owned()),
        (grace.clone(), "org:admin".to_owned()),
    ];
    expected.sort();
    assert_eq!(
        members, expected,
        "the creator is a member with the creator role"
    );

    let removed = orgs.delete_membership(&created.id, &grace).await.unwrap();
    assert_eq!(removed.id, added.id);
    let unknown_role = orgs
        .create_membership(&created.id, &grace, "org:pilot")
        .await
        .unwrap_err();
    assert_eq!(unknown_role.status(), Some(422), "{unknown_role}");

    let deleted = orgs.delete_organization(&created.id).await.unwrap();
    assert_eq!(
        (deleted.id.as_str(), deleted.deleted),
        (created.id.as_str(), true)
    );
    let gone = orgs.get_organization(&created.id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");

    // Refused before any request is sent.
    let nameless = orgs
        .create_organization(&OrganizationParams::default())
        .await
        .unwrap_err();
    assert!(
        matches!(nameless, ClerkError::InvalidArgument(_)),
        "{nameless}"
    );
}

#[tokio::test]
async fn the_backend_client_keeps_the_waitlist_invites_and_rejects() {
    let server = Server::start();
    let clerk = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let waitlist = clerk.waitlist_entries();
    let email = format!("early-{}@example.com", support::unique());

    let entry = waitlist.create_waitlist_entry(&email).await.unwrap();
    assert_eq!(entry.status, "pending");
    assert_eq!(
        waitlist.create_waitlist_entry(&email).await.unwrap().id,
        entry.id,
        "an address already listed gives its entry back"
    );
    let pending = waitlist
        .list_waitlist_entries(Some("pending"))
        .await
        .unwrap();
    assert!(pending.iter().any(|e| e.id == entry.id));

    // Invited: the invitation links to the app's sign-up page with its ticket, and signing up
    // with it (what <SignUp/> does with `__clerk_ticket`) completes the entry.
    let invited = waitlist
        .invite_waitlist_entry(&entry.id, false)
        .await
        .unwrap();
    assert_eq!(invited.status, "invited");
    let invitation = invited.invitation.clone().unwrap();
    let url = reqwest::Url::parse(invitation.url.as_deref().unwrap()).unwrap();
    assert_eq!(url.path(), "/sign-up");
    let ticket = url
        .query_pairs()
        .find(|(k, _)| k == "__clerk_ticket")
        .unwrap()
        .1
        .into_owned();
    assert!(
        !format!("{invited:?}").contains(&ticket),
        "the ticket never reaches a log line"
    );
    let signed_up = server
        .request(reqwest::Method::POST, "/__clerk/v1/client/sign_ups")
        .header("origin", server.url(""))
        .form(&[
            ("strategy", "ticket"),
            ("ticket", ticket.as_str()),
            ("password", "waited-patiently-1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_up.status(), 200);
    let completed = waitlist
        .list_waitlist_entries(Some("completed"))
        .await
        .unwrap();
    assert_eq!(completed[0].id, entry.id);
    let error = waitlist.reject_waitlist_entry(&entry.id).await.unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(422), Some("waitlist_entry_completed"))
    );

    // Rejected and deleted.
    let other = waitlist
        .create_waitlist_entry(&format!("late-{}@example.com", support::unique()))
        .await
        .unwrap();
    let rejected = waitlist.reject_waitlist_entry(&other.id).await.unwrap();
    assert_eq!(rejected.status, "rejected");
    let spare = waitlist
        .create_waitlist_entry(&format!("spare-{}@example.com", support::unique()))
        .await
        .unwrap();
    let deleted = waitlist.delete_waitlist_entry(&spare.id).await.unwrap();
    assert!(deleted.deleted);
    assert!(waitlist
        .invite_waitlist_entry(&spare.id, false)
        .await
        .unwrap_err()
        .is_not_found());
}

/// The `__clerk_ticket` of an invitation's or a sign-in token's link.
fn ticket_of(link: Option<&str>) -> String {
    let url = reqwest::Url::parse(link.expect("a link")).unwrap();
    url.query_pairs()
        .find(|(k, _)| k == "__clerk_ticket")
        .expect("a ticket")
        .1
        .into_owned()
}

/// `POST` to the local instance's Frontend API as a new browser (no client yet) would.
async fn frontend_post(
    server: &Server,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    support::json_of(
        server
            .request(reqwest::Method::POST, &format!("/__clerk/v1/client/{path}"))
            .header("origin", server.url(""))
            .form(form)
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn the_backend_client_invites_to_sign_up_and_the_link_signs_up_once() {
    let server = Server::start();
    let clerk = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let invitations = clerk.invitations();
    let email = format!("invited-{}@example.com", support::unique());
    let mut params = InvitationParams::new(&email);
    params.redirect_url = Some(server.url("/sign-up"));
    params.public_metadata = Some(json!({ "plan": "team" }));
    params.notify = Some(false);

    let invitation = invitations.create_invitation(&params).await.unwrap();
    assert_eq!(invitation.status, "pending");
    assert_eq!(invitation.public_metadata, json!({ "plan": "team" }));
    let link = reqwest::Url::parse(invitation.url.as_deref().unwrap()).unwrap();
    assert_eq!(link.path(), "/sign-up", "where redirect_url said");
    let ticket = ticket_of(invitation.url.as_deref());
    assert!(
        !format!("{invitation:?}").contains(&ticket),
        "the ticket never reaches a log line"
    );

    // One pending invitation per address, unless asked for another.
    let refused = invitations.create_invitation(&params).await.unwrap_err();
    assert_eq!(
        (refused.status(), refused.code()),
        (Some(400), Some("duplicate_record"))
    );
    params.ignore_existing = true;
    let second = invitations.create_invitation(&params).await.unwrap();
    assert_ne!(second.id, invitation.id);
    let listed = invitations
        .list_invitations(Some("pending"), Some(&email))
        .await
        .unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");

    // The link signs up once, as the invited address, with the invitation's metadata.
    let (status, signed_up) = frontend_post(
        &server,
        "sign_ups",
        &[
            ("strategy", "ticket"),
            ("ticket", &ticket),
            ("password", "invited-at-last-1"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{signed_up}");
    let user_id = signed_up["response"]["created_user_id"].as_str().unwrap();
    let user = clerk.users().get_user(user_id).await.unwrap();
    assert_eq!(user.primary_email_address(), Some(email.as_str()));
    assert_eq!(user.public_metadata, json!({ "plan": "team" }));
    let accepted = invitations
        .list_invitations(Some("accepted"), Some(&email))
        .await
        .unwrap();
    assert_eq!(
        accepted.iter().map(|i| &i.id).collect::<Vec<_>>(),
        [&invitation.id]
    );

    // Revoked: listed as such, and only a pending one can be.
    let revoked = invitations.revoke_invitation(&second.id).await.unwrap();
    assert_eq!(revoked.status, "revoked");
    let again = invitations.revoke_invitation(&second.id).await.unwrap_err();
    assert_eq!(again.code(), Some("revoke_invitation_not_pending"));

    // In bulk: all or none (an address that has a user now is refused).
    let fresh =
        |label: &str| InvitationParams::new(format!("{label}-{}@example.com", support::unique()));
    let both = invitations
        .create_invitations(&[fresh("first"), fresh("second")])
        .await
        .unwrap();
    assert_eq!(both.len(), 2);
    let third = fresh("third");
    let none = invitations
        .create_invitations(&[third.clone(), InvitationParams::new(&email)])
        .await
        .unwrap_err();
    assert_eq!(none.status(), Some(422), "{none}");
    assert!(invitations
        .list_invitations(None, Some(&third.email_address))
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn the_backend_client_invites_to_an_organization_and_revokes() {
    let server = Server::start();
    let clerk = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let (admin_id, _) = server.sign_in_new_user("Augusta").await;
    let mut org = OrganizationParams::named(format!("Analysts {}", support::unique()));
    org.created_by = Some(admin_id.clone());
    let org = clerk
        .organizations()
        .create_organization(&org)
        .await
        .unwrap();
    let orgs = clerk.organizations();

    let email = format!("colleague-{}@example.com", support::unique());
    let mut params = OrganizationInvitationParams::new(&email, "org:member");
    params.inviter_user_id = Some(admin_id.clone());
    let invitation = orgs
        .create_organization_invitation(&org.id, &params)
        .await
        .unwrap();
    assert_eq!(
        (
            invitation.status.as_str(),
            invitation.role.as_str(),
            invitation.organization_id.as_str()
        ),
        ("pending", "org:member", org.id.as_str())
    );
    assert_eq!(invitation.role_name.as_deref(), Some("Member"));
    assert_eq!(
        orgs.create_organization_invitation(&org.id, &params)
            .await
            .unwrap()
            .id,
        invitation.id,
        "the local instance gives an address already invited its invitation back"
    );
    let pending = orgs
        .list_organization_invitations(&org.id, Some("pending"))
        .await
        .unwrap();
    assert_eq!(
        pending.iter().map(|i| &i.email_address).collect::<Vec<_>>(),
        [&email]
    );

    let revoked = orgs
        .revoke_organization_invitation(&org.id, &invitation.id, Some(&admin_id))
        .await
        .unwrap();
    assert_eq!(revoked.status, "revoked");
    assert!(orgs
        .list_organization_invitations(&org.id, Some("pending"))
        .await
        .unwrap()
        .is_empty());
    let again = orgs
        .revoke_organization_invitation(&org.id, &invitation.id, None)
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("revoke_invitation_not_pending"));
    assert!(matches!(
        orgs.create_organization_invitation(
            &org.id,
            &OrganizationInvitationParams::new(&email, " ")
        )
        .await,
        Err(ClerkError::InvalidArgument(_))
    ));
}

#[tokio::test]
async fn a_sign_in_token_signs_its_user_in_once_and_a_revoked_one_not_at_all() {
    let server = Server::start();
    let clerk = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let (user_id, _) = server.sign_in_new_user("Mary").await;
    let tokens = clerk.sign_in_tokens();

    let token = tokens
        .create_sign_in_token(&user_id, Some(600))
        .await
        .unwrap();
    assert_eq!(
        (token.user_id.as_str(), token.status.as_str()),
        (user_id.as_str(), "pending")
    );
    let ticket = token.token.clone().unwrap();
    assert_eq!(ticket_of(token.url.as_deref()), ticket);
    assert!(
        !format!("{token:?}").contains(&ticket),
        "never in a log line"
    );

    let ticket_sign_in = [("strategy", "ticket"), ("ticket", ticket.as_str())];
    let (status, signed_in) = frontend_post(&server, "sign_ins", &ticket_sign_in).await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["response"]["status"], "complete");
    let session_id = signed_in["response"]["created_session_id"]
        .as_str()
        .unwrap();
    let session = clerk.sessions().get_session(session_id).await.unwrap();
    assert_eq!(session.user_id.as_deref(), Some(user_id.as_str()));
    let (status, reused) = frontend_post(&server, "sign_ins", &ticket_sign_in).await;
    assert_eq!(status, 422, "used once: {reused}");

    let unused = tokens.create_sign_in_token(&user_id, None).await.unwrap();
    let revoked = tokens.revoke_sign_in_token(&unused.id).await.unwrap();
    assert_eq!(
        (revoked.status.as_str(), revoked.token.as_deref()),
        ("revoked", None)
    );
    let unused_ticket = unused.token.unwrap();
    let (status, refused) = frontend_post(
        &server,
        "sign_ins",
        &[("strategy", "ticket"), ("ticket", unused_ticket.as_str())],
    )
    .await;
    assert_eq!(status, 422, "revoked: {refused}");
    assert!(tokens
        .revoke_sign_in_token("sit_nothing")
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn the_backend_client_counts_checks_bans_and_locks_users() {
    let server = Server::start();
    let clerk = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let users = clerk.users();
    let (user_id, _) = server.sign_in_new_user("Hedy").await;
    let user = users.get_user(&user_id).await.unwrap();
    let email = user.primary_email_address().unwrap().to_owned();
    // sign_in_new_user's password.
    let password = "correct-horse-battery";

    assert_eq!(
        users
            .count_users(&UserListParams::email(&email))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        users
            .count_users(&UserListParams::email(format!(
                "nobody-{}@example.com",
                support::unique()
            )))
            .await
            .unwrap(),
        0
    );
    assert!(users.verify_password(&user_id, password).await.unwrap());
    assert!(!users
        .verify_password(&user_id, "not-the-password")
        .await
        .unwrap());
    assert!(users
        .verify_password("user_nobody", password)
        .await
        .unwrap_err()
        .is_not_found());

    // Banned: no sign-in until unbanned.
    let sign_in = [
        ("strategy", "password"),
        ("identifier", email.as_str()),
        ("password", password),
    ];
    assert!(users.ban_user(&user_id).await.unwrap().banned);
    let (status, refused) = frontend_post(&server, "sign_ins", &sign_in).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["errors"][0]["code"], "user_banned");
    assert!(!users.unban_user(&user_id).await.unwrap().banned);
    let (status, signed_in) = frontend_post(&server, "sign_ins", &sign_in).await;
    assert_eq!(status, 200, "{signed_in}");

    // Locked, then unlocked.
    assert!(users.lock_user(&user_id).await.unwrap().locked);
    let (status, refused) = frontend_post(&server, "sign_ins", &sign_in).await;
    assert_eq!(
        (status, &refused["errors"][0]["code"]),
        (403, &json!("user_locked"))
    );
    assert!(!users.unlock_user(&user_id).await.unwrap().locked);

    // The user's organizations, and the instance's by name.
    let name = format!("Frequency Hopping {}", support::unique());
    let mut params = OrganizationParams::named(&name);
    params.created_by = Some(user_id.clone());
    let org = clerk
        .organizations()
        .create_organization(&params)
        .await
        .unwrap();
    let memberships = users.list_organization_memberships(&user_id).await.unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(
        memberships[0].organization.as_ref().map(|o| &o.id),
        Some(&org.id)
    );
    let found = clerk
        .organizations()
        .list_organizations(Some(&name.to_lowercase()))
        .await
        .unwrap();
    assert_eq!(found.iter().map(|o| &o.id).collect::<Vec<_>>(), [&org.id]);
}
