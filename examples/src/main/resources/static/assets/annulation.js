'use strict';
// The cancel URL carries the reservation: give its places back now instead of at the end of the hold.
(function () {
  var reservationId = new URLSearchParams(window.location.search).get('reservation_id');
  var statusMessage = document.getElementById('status-message');
  if (!reservationId) return;
  Booking.forgetCheckout(reservationId);

  function say(message, kind) {
    statusMessage.textContent = message;
    statusMessage.className = 'notice' + (kind ? ' ' + kind : '');
  }

  Booking.postJson('/api/paiement/reservation/cancel', { reservationId: reservationId }).then(function (result) {
    if (!result.ok) {
      if (result.code !== 'reservation_not_found') {
        say('Vous n’avez pas été débité. Vos places seront libérées à la fin du délai de paiement.');
      }
      return;
    }
    if (result.data.statut === 'payee') {
      document.getElementById('heading').textContent = 'Paiement reçu';
      say('Votre paiement a bien été reçu juste avant l’annulation : votre réservation est confirmée et un '
        + 'e-mail de confirmation vous est envoyé.', 'ok');
    } else if (result.data.statut === 'en_attente') {
      say('Votre paiement est en cours de traitement : vos places restent réservées jusqu’à son issue.');
    } else {
      say('Vous n’avez pas été débité et vos places ont été libérées. Vous pouvez recommencer votre '
        + 'réservation quand vous le souhaitez.', 'ok');
    }
  });
})();
