'use strict';
(function () {
  var POLL_EVERY_MS = 2000;
  var POLL_FOR_MS = 60000;
  var LABELS = {
    payee: 'Payée',
    en_attente: 'En attente de paiement…',
    expiree: 'Expirée',
    echouee: 'Échouée',
    remboursee: 'Remboursée'
  };
  var heading = document.getElementById('heading');
  var statusMessage = document.getElementById('status-message');
  var error = document.getElementById('error');
  var details = document.getElementById('details');
  var sessionId = new URLSearchParams(window.location.search).get('session_id');
  var startedAt = Date.now();
  var titleLoaded = false;

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  function say(message, kind) {
    statusMessage.textContent = message;
    statusMessage.className = 'notice' + (kind ? ' ' + kind : '');
    statusMessage.hidden = false;
  }

  function fail(message) {
    statusMessage.hidden = true;
    error.textContent = message;
    error.hidden = false;
  }

  function loadTitle(slug) {
    if (titleLoaded) return;
    titleLoaded = true;
    Booking.api('/api/sejours/' + encodeURIComponent(slug)).then(function (result) {
      if (result.ok) text('sejour-title', result.data.title);
    });
  }

  function show(r) {
    error.hidden = true;
    details.hidden = false;
    loadTitle(r.sejourSlug);
    text('places', r.nbPlaces === 1 ? '1 place' : r.nbPlaces + ' places');
    text('buyer', (r.acheteur.prenom + ' ' + r.acheteur.nom).trim());
    text('email', r.acheteur.email);
    text('amount', Booking.money(r.montant, r.devise));
    var badge = document.getElementById('status');
    badge.textContent = LABELS[r.statut] || r.statut;
    badge.className = 'badge ' + (LABELS[r.statut] ? r.statut : '');
    if (r.statut !== 'en_attente') Booking.forgetCheckout(r.reservationId); // nothing left to resume
    switch (r.statut) {
      case 'payee':
        heading.textContent = 'Réservation confirmée';
        // The email leaves after this answer, on the service's own threads: say it is on its way, not sent.
        say('Merci ! Votre paiement est confirmé. Un e-mail de confirmation est en route vers ' + r.acheteur.email
          + ' : il peut mettre quelques minutes à arriver (pensez à regarder dans les indésirables).', 'ok');
        break;
      case 'en_attente':
        heading.textContent = 'Paiement en cours de confirmation';
        say('Nous attendons la confirmation du paiement par Stripe. Cette page se met à jour toute seule…', 'wait');
        break;
      case 'expiree':
        heading.textContent = 'Session de paiement expirée';
        say('Le délai de paiement est écoulé et les places ont été libérées. Vous pouvez recommencer votre réservation.');
        break;
      case 'echouee':
        heading.textContent = 'Paiement refusé';
        say('Le paiement n’a pas abouti et les places ont été libérées. Vous pouvez recommencer votre réservation.');
        break;
      case 'remboursee':
        heading.textContent = 'Réservation remboursée';
        say('Votre paiement vous a été remboursé. Un e-mail vous en informera dans quelques minutes.');
        break;
      default:
        say('Statut de la réservation : ' + r.statut + '.');
    }
  }

  function poll() {
    Booking.api('/api/paiement/reservation?session_id=' + encodeURIComponent(sessionId)).then(function (result) {
      var keepPolling = false;
      if (result.ok) {
        show(result.data);
        keepPolling = result.data.statut === 'en_attente';
      } else if (result.code === 'network' || result.code === 'internal_error'
          || result.code === 'payment_provider_unavailable') {
        fail(Booking.message(result.code));
        keepPolling = true;
      } else {
        fail(Booking.message(result.code));
      }
      if (!keepPolling) return;
      if (Date.now() - startedAt < POLL_FOR_MS) {
        window.setTimeout(poll, POLL_EVERY_MS);
      } else if (result.ok) {
        say('Le paiement n’est pas encore confirmé. Actualisez cette page dans quelques minutes : vous recevrez'
          + ' aussi un e-mail dès que le paiement sera confirmé.', 'wait');
      }
    });
  }

  if (!sessionId) {
    fail('Ce lien est incomplet : l’identifiant de la session de paiement manque.');
  } else {
    poll();
  }
})();
