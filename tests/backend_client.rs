//! The SDK's Backend API client (`leptos_clerk::server::ClerkClient`) against the local instance,
//! over real HTTP: an organization's life, from creation with a first member to deletion.

mod support;

use leptos_clerk::server::{ClerkClient, ClerkError, OrganizationParams};
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
